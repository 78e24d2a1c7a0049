@testable import KickoffModel
import Testing

@Suite("DurationParser")
struct DurationParserTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)),
        ("5s", .seconds(5)),
        ("10m", .seconds(600)),
        ("1h", .seconds(3_600)),
        ("1d", .seconds(86_400)),
        ("1h30m", .seconds(5_400)),
        ("1d2h3m4s5ms", .milliseconds(93_784_005)),
        ("90s", .seconds(90)),
        ("0s", .zero),
        ("30", .seconds(30)),
        ("0", .zero),
        ("007s", .seconds(7)),
    ])
    func parses(text: String, expected: Duration) throws {
        #expect(try DurationParser.parse(text) == expected)
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("5", nil),
        ("5x", "unknown unit 'x'"),
        ("5S", "unknown unit 'S'"),
        ("1.5h", "fractions are not allowed"),
        ("h", "expected a number at 'h'"),
        ("-5s", "expected a number at '-5s'"),
        (" 5s", "expected a number"),
        ("5s ", "expected a number at ' '"),
        ("1h5", "the last number has no unit"),
        ("30m1h", "units must go from the largest to the smallest"),
        ("1m1m", "units must go from the largest to the smallest"),
        ("5 minutes", "unexpected ' '"),
        ("99999999999999999999s", "it is too large"),
        ("999999999999999999", "it is too large"),
        ("9999999999999999d", "it is too large"),
    ] as [(String, String?)])
    func rejects(text: String, reason: String?) {
        guard let reason else {
            #expect(throws: Never.self) { try DurationParser.parse(text) }
            return
        }
        #expect {
            try DurationParser.parse(text)
        } throws: { error in
            guard let error = error as? DurationParseError else { return false }
            return error.text == text && error.reason.contains(reason)
                && error.description.hasPrefix("invalid duration '\(text)': ")
        }
    }
}

@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test func backoffDoublesFromTheFirstRetry() {
        let policy = RetryPolicy(maxAttempts: 5, backoff: .seconds(5))
        #expect((1...5).map(policy.delay(beforeAttempt:)) == [.zero, .seconds(5), .seconds(10), .seconds(20), .seconds(40)])
        #expect(policy.delay(beforeAttempt: 1_000) == .seconds(5 * 1_048_576))
    }
}

@Suite("DurationText")
struct DurationTextTests {
    @Test func writesWhatTheParserReads() throws {
        let cases: [(Duration, String)] = [(.zero, "0s"), (.milliseconds(500), "500ms"), (.seconds(5400), "1h30m"),
                                           (.seconds(30 * 86_400), "30d"), (.milliseconds(90_061_001), "1d1h1m1s1ms")]
        for (duration, text) in cases {
            #expect(DurationText.format(duration) == text)
            if duration > .zero { #expect(try DurationParser.parse(text) == duration) }
        }
    }
}
