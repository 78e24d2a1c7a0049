import KickoffModel
public import Logging

/// One log record as one line for people: `2025-03-04T05:06:07.089Z info kickoff.pool: msg key=value`,
/// metadata sorted by key, a value quoted (JSON-style) when it is empty or has spaces, quotes or `=`.
public enum TextLogLine {
    /// The line, ending in `\n`.
    public static func encode(
        timestamp: LogTimestamp, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var line = "\(timestamp.rfc3339) \(level.rawValue) \(label): \(message)"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line.append(" \(key)=")
            let text = value.description
            if needsQuotes(text) {
                line.append(JSONTextWriter.quoted(text))
            } else {
                line.append(text)
            }
        }
        line.append("\n")
        return line
    }

    /// Empty, or with whitespace, a quote or `=`. Every request logs a line: ASCII values (nearly all)
    /// are checked byte by byte, without Unicode property lookups.
    static func needsQuotes(_ text: String) -> Bool {
        if text.isEmpty { return true }
        for byte in text.utf8 {
            switch byte {
            case 0x09...0x0D, 0x20, UInt8(ascii: "\""), UInt8(ascii: "="): return true
            case 0x80...: return text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "=" })
            default: continue
            }
        }
        return false
    }
}
