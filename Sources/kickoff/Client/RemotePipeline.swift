import KickoffModel

/// `{"pipelines":[…]}` of `GET /v1/pipelines`.
struct RemotePipelineList: Sendable, Decodable {
    var pipelines: [RemotePipeline]
}

/// A pipeline as the front describes it: what `pipelines list --remote` shows.
struct RemotePipeline: Sendable, Decodable {
    var name: String
    var description: String?
    var steps: [Step]
    var presets: [String: JSONValue]?

    struct Step: Sendable, Decodable {
        var name: String
        var after: [String]?
        var parameters: [String: Parameter]?
    }

    struct Parameter: Sendable, Decodable {
        var type: String
        var `default`: JSONValue?
        var required: Bool?
    }
}
