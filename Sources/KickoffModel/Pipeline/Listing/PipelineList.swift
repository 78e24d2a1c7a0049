/// The body of `GET /v1/pipelines`: `{"pipelines": [...]}` in file order.
public struct PipelineList: Sendable, Hashable, Encodable {
    public var pipelines: [PipelineDescription]

    public init(_ file: PipelineFile) {
        pipelines = file.pipelines.map(PipelineDescription.init)
    }
}
