public import Logging
import KickoffModel

/// One log record as one line of JSON:
/// `{"ts":"2025-03-04T05:06:07.089Z","level":"info","label":"kickoff.pool","msg":"…", <metadata>}`.
/// Metadata keys sit at the top level, sorted; a key that would clash with one of the four fixed keys is
/// written as `meta.<key>`. Nested metadata becomes nested JSON; other values are strings. Strings are
/// escaped by the model's `JSONTextWriter`, as in every JSON Kickoff writes.
public enum JSONLogLine {
    public static let reservedKeys: Set<String> = ["ts", "level", "label", "msg"]

    /// The line, ending in `\n`.
    public static func encode(
        timestamp: LogTimestamp, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var line: [UInt8] = []
        line.reserveCapacity(96 + label.utf8.count + message.utf8.count)
        line.append(contentsOf: #"{"ts":""#.utf8)
        line.append(contentsOf: timestamp.rfc3339.utf8)
        line.append(contentsOf: #"","level":""#.utf8)
        line.append(contentsOf: level.rawValue.utf8)
        line.append(contentsOf: #"","label":"#.utf8)
        JSONTextWriter.writeString(label, into: &line)
        line.append(contentsOf: #","msg":"#.utf8)
        JSONTextWriter.writeString(message, into: &line)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: ","))
            JSONTextWriter.writeString(reservedKeys.contains(key) ? "meta.\(key)" : key, into: &line)
            line.append(UInt8(ascii: ":"))
            appendValue(value, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        return String(decoding: line, as: UTF8.self)
    }

    private static func appendValue(_ value: Logger.MetadataValue, to line: inout [UInt8]) {
        switch value {
        case .string(let text):
            JSONTextWriter.writeString(text, into: &line)
        case .stringConvertible(let convertible):
            JSONTextWriter.writeString(convertible.description, into: &line)
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                appendValue(element, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            line.append(UInt8(ascii: "{"))
            for (index, (key, element)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONTextWriter.writeString(key, into: &line)
                line.append(UInt8(ascii: ":"))
                appendValue(element, to: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
    }
}
