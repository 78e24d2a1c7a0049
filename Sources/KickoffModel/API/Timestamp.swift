import Foundation

/// Times as the API shows them: RFC 3339 in UTC with milliseconds (`2025-01-31T12:00:00.123Z`).
public enum Timestamp {
    /// Unix milliseconds as RFC 3339. Computed by hand: `ISO8601DateFormatter` is not Sendable and
    /// rounds through `Double`.
    public static func rfc3339(milliseconds: Int64) -> String {
        let (seconds, millis) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, fraction) = millis < 0 ? (seconds - 1, millis + 1000) : (seconds, millis)
        let (days, secondOfDay) = wholeSeconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let date = CivilDate(dayNumber: Int(day))
        let (year, month, dayOfMonth) = (Int64(date.year), Int64(date.month), Int64(date.day))
        // Digits by hand: `String(format:)` goes through CFString, and every run object shows a few times.
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func digits(_ value: Int64, _ width: Int) {
            var magnitude = value.magnitude
            var reversed: [UInt8] = []
            repeat {
                reversed.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { text.append(UInt8(ascii: "-")) }
            text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, width - reversed.count)))
            text.append(contentsOf: reversed.reversed())
        }
        digits(year, 4); text.append(UInt8(ascii: "-")); digits(month, 2); text.append(UInt8(ascii: "-")); digits(dayOfMonth, 2)
        text.append(UInt8(ascii: "T")); digits(second / 3600, 2); text.append(UInt8(ascii: ":")); digits(second % 3600 / 60, 2)
        text.append(UInt8(ascii: ":")); digits(second % 60, 2); text.append(UInt8(ascii: ".")); digits(fraction, 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// RFC 3339 text back to Unix milliseconds (for the client commands); nil when unreadable.
    public static func milliseconds(rfc3339 text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970 * 1000) }
    }
}
