import Glibc

/// A wall-clock time to the millisecond, written as RFC 3339 in UTC: `2025-03-04T05:06:07.089Z`.
public struct LogTimestamp: Sendable, Hashable {
    public var secondsSinceEpoch: Int
    /// 0...999
    public var milliseconds: Int

    public init(secondsSinceEpoch: Int, milliseconds: Int) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.milliseconds = milliseconds
    }

    public static func now() -> LogTimestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return LogTimestamp(secondsSinceEpoch: time.tv_sec, milliseconds: time.tv_nsec / 1_000_000)
    }

    public var rfc3339: String {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)  // thread-safe, unlike gmtime
        return "\(Self.digits(Int(parts.tm_year) + 1900, 4))-\(Self.digits(Int(parts.tm_mon) + 1, 2))-\(Self.digits(Int(parts.tm_mday), 2))"
            + "T\(Self.digits(Int(parts.tm_hour), 2)):\(Self.digits(Int(parts.tm_min), 2)):\(Self.digits(Int(parts.tm_sec), 2))"
            + ".\(Self.digits(milliseconds, 3))Z"
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
