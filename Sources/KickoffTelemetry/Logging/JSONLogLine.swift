public import Logging

/// One log record as one line of JSON:
/// `{"ts":"2025-03-04T05:06:07.089Z","level":"info","label":"kickoff.pool","msg":"…", <metadata>}`.
/// Metadata keys sit at the top level, sorted; a key that would clash with one of the four fixed keys is
/// written as `meta.<key>`. Nested metadata becomes nested JSON; other values are strings.
public enum JSONLogLine {
    public static let reservedKeys: Set<String> = ["ts", "level", "label", "msg"]

    /// The line, ending in `\n`.
    public static func encode(
        timestamp: LogTimestamp, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var line = "{\"ts\":\"\(timestamp.rfc3339)\",\"level\":\"\(level.rawValue)\",\"label\":"
        JSONText.appendString(label, to: &line)
        line.append(",\"msg\":")
        JSONText.appendString(message, to: &line)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line.append(",")
            JSONText.appendString(reservedKeys.contains(key) ? "meta.\(key)" : key, to: &line)
            line.append(":")
            appendValue(value, to: &line)
        }
        line.append("}\n")
        return line
    }

    private static func appendValue(_ value: Logger.MetadataValue, to line: inout String) {
        switch value {
        case .string(let text):
            JSONText.appendString(text, to: &line)
        case .stringConvertible(let convertible):
            JSONText.appendString(convertible.description, to: &line)
        case .array(let values):
            line.append("[")
            for (index, element) in values.enumerated() {
                if index > 0 { line.append(",") }
                appendValue(element, to: &line)
            }
            line.append("]")
        case .dictionary(let dictionary):
            line.append("{")
            for (index, (key, element)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line.append(",") }
                JSONText.appendString(key, to: &line)
                line.append(":")
                appendValue(element, to: &line)
            }
            line.append("}")
        }
    }
}
