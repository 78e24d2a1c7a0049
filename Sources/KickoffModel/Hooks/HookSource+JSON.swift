extension HookSource {
    /// One item of `GET /v1/sources`: `{"name","provider","secret_env","configured","hook_url","event",
    /// "delivery","routes":[{"pipeline","preset","when":{…},"parameters":{…}}],"counts":{outcome: n}}`.
    /// Never the secret.
    public func jsonValue(configured: Bool, counts: [String: Int]) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let routes: [JSONValue] = routes.map { route in
            var when: [String: JSONValue] = [:]
            for condition in route.when {
                let patterns = condition.patterns.map(\.jsonValue)
                when[condition.key] = patterns.count == 1 ? patterns[0] : .array(patterns)
            }
            var parameters: [String: JSONValue] = [:]
            for mapping in route.parameters { parameters[mapping.path] = .string(mapping.pointer.text) }
            return .object(["pipeline": .string(route.pipeline), "preset": text(route.preset), "when": .object(when),
                            "parameters": .object(parameters)])
        }
        return .object([
            "name": .string(name), "provider": .string(provider.rawValue), "secret_env": .string(secretEnv),
            "configured": .bool(configured), "hook_url": .string("/v1/hooks/\(name)"),
            "event": text(eventLocation), "delivery": text(deliveryLocation),
            "routes": .array(routes), "counts": .object(counts.mapValues { .integer(Int64($0)) }),
        ])
    }
}
