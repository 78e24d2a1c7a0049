import Logging

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
            if text.isEmpty || text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "=" }) {
                JSONText.appendString(text, to: &line)
            } else {
                line.append(text)
            }
        }
        line.append("\n")
        return line
    }
}
