import KickoffModel

extension KickoffAPIClient {
    /// `POST /v1/runs/{id}/retry`: 202 and the new run (`retry_of` the original).
    func retry(id: String, from: String, parameters: [String: JSONValue] = [:]) async throws(ClientError) -> RunObject {
        var body: [String: JSONValue] = ["from": .string(from)]
        if !parameters.isEmpty { body["parameters"] = .object(parameters) }
        return try await decode(RunObject.self, .post, runPath(id) + "/retry", json: .object(body))
    }
}
