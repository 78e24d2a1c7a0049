import KickoffModel

/// One Server-Sent Event: `id:`, `event:` and the `data:` lines joined by newlines.
struct ServerSentEvent: Sendable, Hashable {
    var id: String?
    /// `message` when the stream gave no `event:` line.
    var type: String
    var data: String

    /// A run event after which the run changes no more.
    var isFinal: Bool { RunEvent.finalTypes.contains(type) }
}
