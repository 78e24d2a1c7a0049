/// Reads the durations of the pipeline file: `500ms`, `5s`, `10m`, `1h`, `1d`, combinations from the
/// largest unit to the smallest (`1h30m`, `1m30s500ms`), or a bare integer meaning seconds.
public enum DurationParser {
    /// The units, largest first; a combination must use them in this order, each at most once.
    private static let units: [(symbol: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    public static func parse(_ text: String) throws(DurationParseError) -> Duration {
        func fail(_ reason: String) -> DurationParseError { DurationParseError(text: text, reason: reason) }
        if text.isEmpty { throw fail("it is empty") }
        if text.allSatisfy(\.isASCIIDigit) {
            guard let seconds = Int64(text), seconds <= Int64.max / 1_000 else { throw fail("it is too large") }
            return .seconds(seconds)
        }

        var rest = Substring(text)
        var total: Int64 = 0
        var smallestUsed = units.count  // index into `units` of the last unit read
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isASCIIDigit)
            guard !digits.isEmpty else {
                throw fail("expected a number at '\(rest)'")
            }
            rest = rest.dropFirst(digits.count)
            let symbol = rest.prefix(while: \.isASCIILetter)
            rest = rest.dropFirst(symbol.count)
            guard !symbol.isEmpty else {
                if rest.first == "." { throw fail("fractions are not allowed (write 1h30m, not 1.5h)") }
                throw fail(rest.isEmpty ? "the last number has no unit" : "unexpected '\(rest.prefix(1))'")
            }
            guard let index = units.firstIndex(where: { $0.symbol == symbol }) else {
                throw fail("unknown unit '\(symbol)'")
            }
            guard smallestUsed == units.count || index > smallestUsed else {
                throw fail("units must go from the largest to the smallest, each at most once")
            }
            smallestUsed = index
            guard let count = Int64(digits) else { throw fail("it is too large") }
            let (part, overflow1) = count.multipliedReportingOverflow(by: units[index].milliseconds)
            let (sum, overflow2) = total.addingReportingOverflow(part)
            guard !overflow1, !overflow2 else { throw fail("it is too large") }
            total = sum
        }
        return .milliseconds(total)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
