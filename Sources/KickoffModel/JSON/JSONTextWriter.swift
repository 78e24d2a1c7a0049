import Foundation

/// Writes a `JSONValue` as compact JSON with sorted keys and unescaped slashes: the same bytes
/// `JSONEncoder` gives with `[.sortedKeys, .withoutEscapingSlashes]`, without going through
/// `Encodable` (which costs most of a trigger's CPU time in the front). The log lines write their
/// strings here too: Kickoff has one JSON string escaper.
public enum JSONTextWriter {
    struct NonFiniteNumber: Error {}

    static func write(_ value: JSONValue, into output: inout [UInt8]) throws(NonFiniteNumber) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): output.append(contentsOf: String(number).utf8)
        case .number(let number):
            guard number.isFinite else { throw NonFiniteNumber() }
            // Rare on the hot paths: JSONEncoder's own formatting (the shared one) keeps the text exactly as before.
            guard let data = try? SortedJSON.data([number]) else { throw NonFiniteNumber() }
            output.append(contentsOf: data.dropFirst().dropLast())
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                try write(members[key] ?? .null, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// `text` as a JSON string literal, quotes included: `"`, `\\` and the C0 controls (below 0x20) are
    /// escaped, everything else is written as it is, DEL (0x7F) included. RFC 8259 needs no more,
    /// and it is what JSONEncoder writes.
    public static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                           hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal, quotes included (see `writeString(_:into:)`).
    public static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        writeString(text, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
