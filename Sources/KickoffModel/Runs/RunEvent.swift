/// One entry of a run's event stream: `run.running`, `step.succeeded`, `run.failed`, …
public struct RunEvent: Sendable, Hashable {
    /// The stream entry id: SSE's `id`, and where `Last-Event-ID` resumes.
    public var id: String
    public var type: String
    /// JSON text.
    public var data: String

    public init(id: String, type: String, data: String) {
        self.id = id
        self.type = type
        self.data = data
    }
}
