public import Foundation

/// `Encodable` values as compact JSON with sorted keys and slashes as they are: the bytes Kickoff
/// stores in Redis, signs in webhooks and answers in problems (equal values, equal bytes). One
/// encoder for the process, not one per call: its options are set before anyone shares it, `encode`
/// keeps no state between calls, and JSONEncoder is Sendable. (`JSONValue` has its own writer,
/// `JSONTextWriter`, for the hot paths.)
public enum SortedJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public static func data(_ value: some Encodable) throws -> Data {
        try encoder.encode(value)
    }

    /// The text, or nil when the value cannot be encoded (a non-finite number).
    public static func string(_ value: some Encodable) -> String? {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}
