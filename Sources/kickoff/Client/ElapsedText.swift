import KickoffModel

/// Durations as people read them: `0.4s`, `12.3s`, `2m05s`, `1h02m`.
enum ElapsedText {
    static func format(_ duration: Duration) -> String {
        let milliseconds = max(0, duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        let tenths = milliseconds / 100
        if tenths < 600 { return "\(tenths / 10).\(tenths % 10)s" }
        let seconds = milliseconds / 1000
        if seconds < 3600 { return "\(seconds / 60)m" + two(seconds % 60) + "s" }
        return "\(seconds / 3600)h" + two(seconds % 3600 / 60) + "m"
    }

    /// Between two RFC 3339 times; nil when either is missing or unreadable.
    static func between(_ start: String?, _ end: String?) -> String? {
        guard let start = start.flatMap(Timestamp.milliseconds(rfc3339:)), let end = end.flatMap(Timestamp.milliseconds(rfc3339:)) else {
            return nil
        }
        return format(.milliseconds(end - start))
    }

    private static func two(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
