import KickoffModel

/// A retry body, every field optional: `{"from": "failed" | "start" | "<step>", "parameters": {p: v},
/// "steps": {step: {"parameters": {p: v}}}}`. The values override the original run's, as a trigger's
/// would override the defaults.
struct RetryRequest: Sendable {
    var from: RetryFrom = .failed
    var parameters: [String: JSONValue] = [:]
    var steps: [String: [String: JSONValue]] = [:]

    static let fields = ["from", "parameters", "steps"]

    static func parse(_ body: [UInt8]) throws(Problem) -> RetryRequest {
        let json = try JSONBody.parse(body, emptyAs: .object([:]))
        guard case .object(let object) = json else {
            throw Problem.invalid([FieldError(field: "body", message: "expected a JSON object, got \(json.typeName)")])
        }
        var request = RetryRequest()
        var errors: [FieldError] = []
        for key in object.keys.sorted() where !fields.contains(key) {
            errors.append(FieldError(field: key, message: "unknown field; the fields are \(fields.joined(separator: ", "))"))
        }
        switch object["from"] {
        case nil, .null?: break
        case .string(let text)?: request.from = RetryFrom(text)
        case let value?: errors.append(TriggerRequest.typeError("from", "string", value))
        }
        request.parameters = TriggerRequest.parameterObject(object["parameters"], field: "parameters", errors: &errors)
        request.steps = TriggerRequest.steps(object["steps"], errors: &errors)
        guard errors.isEmpty else { throw Problem.invalid(errors) }
        return request
    }

    /// The values a trigger would give: the original run's, with this body's on top (a top-level
    /// parameter for every step that declares it, a step's own for that step).
    func values(original: RunRecord) -> TriggerValues {
        var steps = original.parameters
        for (step, values) in steps {
            for (name, value) in parameters where values[name] != nil { steps[step]?[name] = value }
        }
        for (step, values) in self.steps {
            steps[step, default: [:]].merge(values) { $1 }
        }
        return TriggerValues(parameters: parameters, steps: steps)
    }
}
