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
    /// `Z` or an offset (`+02:00`); fractional seconds optional, rounded to the millisecond.
    /// By hand, like the writer: `ISO8601DateFormatter` is a class to build per call or to guard.
    public static func milliseconds(rfc3339 text: String) -> Int64? {
        var reader = DigitReader(bytes: Array(text.utf8))
        guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"), let day = reader.number(2),
              reader.skip("T") || reader.skip("t"),
              let hour = reader.number(2), reader.skip(":"), let minute = reader.number(2), reader.skip(":"), let second = reader.number(2)
        else { return nil }
        var fraction: Int64 = 0
        if reader.skip(".") {
            guard let milliseconds = reader.roundedMilliseconds() else { return nil }
            fraction = milliseconds
        }
        var offsetSeconds = 0
        if reader.skip("Z") || reader.skip("z") {
            offsetSeconds = 0
        } else {
            let sign = reader.skip("+") ? 1 : reader.skip("-") ? -1 : 0
            guard sign != 0, let offsetHours = reader.number(2), reader.skip(":"), let offsetMinutes = reader.number(2),
                  offsetHours < 24, offsetMinutes < 60 else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        let date = CivilDate(year: year, month: month, day: day)
        // A date that does not exist (month 13, February 30) comes back different from its day number.
        guard reader.atEnd, (1...12).contains(month), day >= 1, CivilDate(dayNumber: date.dayNumber) == date,
              hour < 24, minute < 60, second < 60 else { return nil }
        let seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return seconds * 1000 + fraction
    }
}

/// Reads fixed-width decimal fields and separators off RFC 3339 text.
private struct DigitReader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// Exactly `width` digits.
    mutating func number(_ width: Int) -> Int? {
        guard index + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + width] {
            guard let digit = Self.digit(byte) else { return nil }
            value = value * 10 + digit
        }
        index += width
        return value
    }

    /// One or more digits after the decimal point, as milliseconds rounded half up (0...1000).
    mutating func roundedMilliseconds() -> Int64? {
        var milliseconds: Int64 = 0
        var count = 0
        var roundsUp = false
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            if count < 3 {
                milliseconds = milliseconds * 10 + Int64(digit)
            } else if count == 3 {
                roundsUp = digit >= 5
            }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 3) { milliseconds *= 10 }
        return milliseconds + (roundsUp ? 1 : 0)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
