/// Reads sizes such as `--log-cap 1MiB`: a whole number with an optional unit, binary (`KiB`, `MiB`,
/// `GiB`, powers of 1024) or decimal (`KB`, `MB`, `GB`, powers of 1000); no unit or `B` means bytes.
public enum ByteCountParser {
    private static let units: [String: Int64] = [
        "": 1, "b": 1,
        "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
        "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000,
    ]

    public static func parse(_ text: String) throws(ByteCountParseError) -> Int64 {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count).lowercased()
        guard !digits.isEmpty else {
            throw ByteCountParseError(text: text, reason: text.isEmpty ? "it is empty" : "it does not start with a whole number")
        }
        guard let multiplier = units[unit] else {
            throw ByteCountParseError(text: text, reason: "unknown unit '\(text.dropFirst(digits.count))'")
        }
        guard let count = Int64(digits) else { throw ByteCountParseError(text: text, reason: "it is too large") }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw ByteCountParseError(text: text, reason: "it is too large") }
        return bytes
    }
}
