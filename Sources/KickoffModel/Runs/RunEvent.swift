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

    /// The types after which a run changes no more.
    public static let finalTypes: Set<String> = ["run.succeeded", "run.failed", "run.canceled"]

    public var isFinal: Bool { Self.finalTypes.contains(type) }

    /// A stream id as Redis writes them (`<ms>-<seq>`), or `0`: what `Last-Event-ID` may hold. Each
    /// part has at most 19 digits, so that it fits the 64-bit numbers Redis reads it into.
    public static func isValidID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { (1...19).contains($0.utf8.count) && $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }
    }
}
