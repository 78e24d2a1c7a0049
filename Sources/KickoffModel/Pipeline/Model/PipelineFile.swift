/// A loaded, validated pipeline file (`pipelines.yaml`): every pipeline it defines, in file order.
public struct PipelineFile: Sendable, Hashable {
    /// The path the file was loaded from, as given (diagnostics name the file this way).
    public var path: String
    /// The pipelines in the order the file lists them.
    public var pipelines: [Pipeline]
    /// The outside systems that may start runs through `POST /v1/hooks/{name}`, in file order.
    public var sources: [HookSource]
    /// SHA-256 hex of the file's text ("" when built by hand): the fleet page tells a worker that
    /// loaded another file than the front's by it.
    public var digest: String = ""

    public init(path: String, pipelines: [Pipeline], sources: [HookSource] = []) {
        self.path = path
        self.pipelines = pipelines
        self.sources = sources
    }

    /// The source with this name, or nil.
    public func source(named name: String) -> HookSource? {
        sources.first { $0.name == name }
    }

    /// The pipeline with this name, or nil.
    public func pipeline(named name: String) -> Pipeline? {
        pipelines.first { $0.name == name }
    }

    /// The pipeline names in file order.
    public var names: [String] { pipelines.map(\.name) }
}
