/// Why a text is not a duration; `description` is the message for a diagnostic.
public struct DurationParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String {
        "invalid duration '\(text)': \(reason) (use ms, s, m, h, d as in 500ms, 90s, 1h30m, or whole seconds)"
    }
}
