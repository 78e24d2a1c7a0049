import KickoffModel

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
        let (seconds, milliseconds) = WallClock.milliseconds().quotientAndRemainder(dividingBy: 1000)
        return LogTimestamp(secondsSinceEpoch: Int(seconds), milliseconds: Int(milliseconds))
    }

    /// The same text as the API's times (`Timestamp`, the one RFC 3339 writer).
    public var rfc3339: String {
        Timestamp.rfc3339(milliseconds: Int64(secondsSinceEpoch) * 1000 + Int64(milliseconds))
    }
}
