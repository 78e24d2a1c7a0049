import Foundation
import KickoffModel
import KickoffTelemetry
import Testing

/// API times: RFC 3339 in UTC with milliseconds, written by hand (no `String(format:)`).
@Suite struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (951_825_599_999, "2000-02-29T11:59:59.999Z"),
        (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (253_402_300_799_000, "9999-12-31T23:59:59.000Z"),
    ])
    func millisecondsAreWrittenAsRFC3339(milliseconds: Int64, text: String) {
        #expect(Timestamp.rfc3339(milliseconds: milliseconds) == text)
        #expect(Timestamp.milliseconds(rfc3339: text) == milliseconds)
    }

    @Test(arguments: [
        ("2023-11-14T22:13:20Z", Int64(1_700_000_000_000)),
        ("2023-11-14T22:13:20.1Z", 1_700_000_000_100),
        ("2023-11-14T22:13:20.12Z", 1_700_000_000_120),
        ("2023-11-14T22:13:20.1234Z", 1_700_000_000_123),
        ("2023-11-14T22:13:20.1235Z", 1_700_000_000_124),
        ("2023-11-14T22:13:20.9996Z", 1_700_000_001_000),
        ("2023-11-15T00:13:20.123+02:00", 1_700_000_000_123),
        ("2023-11-14T17:43:20-04:30", 1_700_000_000_000),
        ("2023-11-14t22:13:20z", 1_700_000_000_000),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
    ])
    func rfc3339TextIsReadWithOffsetsAndFractions(text: String, milliseconds: Int64) {
        #expect(Timestamp.milliseconds(rfc3339: text) == milliseconds)
    }

    @Test(arguments: [
        "", "2023-11-14", "2023-11-14T22:13:20", "2023-11-14 22:13:20Z", "2023-11-14T22:13:20.Z", "2023-11-14T22:13Z",
        "2023-02-29T00:00:00Z", "2023-13-01T00:00:00Z", "2023-00-10T00:00:00Z", "2023-11-00T00:00:00Z", "2023-11-14T24:00:00Z",
        "2023-11-14T22:60:00Z", "2023-11-14T22:13:60Z", "2023-11-14T22:13:20+0200", "2023-11-14T22:13:20Z ", "+2023-11-14T22:13:20Z",
        "2023-11-14T22:13:2OZ",
    ])
    func unreadableTextIsNil(text: String) {
        #expect(Timestamp.milliseconds(rfc3339: text) == nil)
    }

    /// The log lines' time is the API's writer's text.
    @Test(arguments: [Int64(0), 951_825_599_999, 1_700_000_000_007, 4_102_444_799_999])
    func logTimestampsWriteWhatTheAPIWrites(milliseconds: Int64) {
        let timestamp = LogTimestamp(secondsSinceEpoch: Int(milliseconds / 1000), milliseconds: Int(milliseconds % 1000))
        #expect(timestamp.rfc3339 == Timestamp.rfc3339(milliseconds: milliseconds))
    }

    @Test func wallClockIsNowInMilliseconds() {
        let before = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let now = WallClock.milliseconds()
        let after = Int64((Date().timeIntervalSince1970 * 1000).rounded(.up))
        #expect(before <= now && now <= after)
        let log = LogTimestamp.now()
        #expect((0...999).contains(log.milliseconds))
        #expect(Int64(log.secondsSinceEpoch) * 1000 + Int64(log.milliseconds) >= now)
    }
}
