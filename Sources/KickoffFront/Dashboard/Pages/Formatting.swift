import Foundation
import KickoffModel

/// How values read on the pages: times in UTC, durations in words, statuses as badges.
enum Formatting {
    /// `2025-01-31 12:00:00` (UTC), from Unix milliseconds.
    static func time(_ milliseconds: Int64?) -> String {
        guard let milliseconds else { return "–" }
        let text = Timestamp.rfc3339(milliseconds: milliseconds)
        return String(text.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }

    /// `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`.
    static func duration(milliseconds: Int64) -> String {
        let value = max(0, milliseconds)
        if value < 1000 { return "\(value) ms" }
        if value < 60_000 { return String(format: "%.1f s", Double(value) / 1000) }
        let seconds = value / 1000
        if seconds < 3600 { return String(format: "%lld min %02lld s", seconds / 60, seconds % 60) }
        return String(format: "%lld h %02lld min", seconds / 3600, seconds % 3600 / 60)
    }

    static func duration(from start: Int64?, to end: Int64?, now: Int64) -> String {
        guard let start else { return "–" }
        return duration(milliseconds: (end ?? now) - start)
    }

    static func badge(_ status: String) -> HTML {
        "<span class=\"badge \(status)\" data-status>\(status)</span>"
    }

    static func nowMilliseconds() -> Int64 {
        WallClock.milliseconds()
    }

    /// A parameter or output value as text (strings as they are, the rest as JSON).
    static func value(_ value: JSONValue?) -> String {
        guard let value else { return "–" }
        if case .null = value { return "null" }
        return value.argumentText
    }

    /// Percent-encodes a query value.
    static func query(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
