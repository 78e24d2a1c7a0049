/// One Server-Sent Event: `id:`, `event:` and the `data:` lines joined by newlines.
struct ServerSentEvent: Sendable, Hashable {
    var id: String?
    /// `message` when the stream gave no `event:` line.
    var type: String
    var data: String

    /// The run event types after which a run changes no more.
    static let finalTypes: Set<String> = ["run.succeeded", "run.failed", "run.canceled"]

    var isFinal: Bool { Self.finalTypes.contains(type) }
}
