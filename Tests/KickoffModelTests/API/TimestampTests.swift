import KickoffModel
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
}
