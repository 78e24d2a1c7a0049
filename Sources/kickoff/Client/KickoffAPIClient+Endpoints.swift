import KickoffModel

/// The routes of the contract's HTTP API table that the client commands use.
extension KickoffAPIClient {
    /// `POST /v1/pipelines/{name}/runs`: 202 and the stored run.
    func trigger(pipeline: String, body: JSONValue) async throws(ClientError) -> RunObject {
        try await decode(RunObject.self, .post, "/v1/pipelines/\(Self.percentEncoded(pipeline))/runs", json: body)
    }

    /// `GET /v1/runs/{id}`.
    func run(id: String) async throws(ClientError) -> RunObject {
        try await decode(RunObject.self, .get, runPath(id))
    }

    /// `GET /v1/runs/{id}` as any JSON, for showing it whole (fields this client does not know included).
    func runDocument(id: String) async throws(ClientError) -> JSONValue {
        try await decode(JSONValue.self, .get, runPath(id))
    }

    /// `GET /v1/runs?pipeline=&status=&limit=&cursor=`, newest first.
    func listRuns(pipeline: String?, status: String?, limit: Int?, cursor: String?, sort: String? = nil) async throws(ClientError) -> RunPage {
        let query = [("pipeline", pipeline), ("status", status), ("limit", limit.map(String.init)), ("cursor", cursor), ("sort", sort)]
            .compactMap { name, value in value.map { (name, $0) } }
        return try await decode(RunPage.self, .get, "/v1/runs", query: query)
    }

    /// `POST /v1/runs/{id}/cancel`: 202, the run (canceled, or running with the cancel requested) and
    /// what the cancel did.
    func cancel(id: String) async throws(ClientError) -> CancelAnswer {
        try await decode(CancelAnswer.self, .post, runPath(id) + "/cancel")
    }

    /// `GET /v1/runs/{id}/logs?step=`: plain text.
    func logs(id: String, step: String?) async throws(ClientError) -> String {
        let answer = try await send(.get, runPath(id) + "/logs", query: step.map { [("step", $0)] } ?? [])
        return String(decoding: answer.body, as: UTF8.self)
    }

    /// `GET /v1/pipelines`.
    func pipelines() async throws(ClientError) -> [RemotePipeline] {
        try await decode(RemotePipelineList.self, .get, "/v1/pipelines").pipelines
    }

    func runPath(_ id: String) -> String {
        "/v1/runs/" + Self.percentEncoded(id)
    }
}

/// `{"runs":[…], "next_cursor"}`.
struct RunPage: Sendable, Decodable {
    var runs: [RunObject]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case runs
        case nextCursor = "next_cursor"
    }
}
