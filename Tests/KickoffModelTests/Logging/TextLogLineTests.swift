import KickoffTelemetry
import Logging
import Testing

@Suite struct TextLogLineTests {
    @Test func plainLineWithSortedMetadataQuotedWhenNeeded() {
        let line = TextLogLine.encode(
            timestamp: LogTimestamp(secondsSinceEpoch: 0, milliseconds: 5), level: .notice, label: "kickoff.pool",
            message: "worker exited", metadata: ["status": "signal SIGKILL", "slot": "1", "empty": ""]
        )
        #expect(line == #"1970-01-01T00:00:00.005Z notice kickoff.pool: worker exited empty="" slot=1 status="signal SIGKILL""# + "\n")
    }

    /// The byte-wise check for ASCII values agrees with the Unicode one, and non-ASCII values still get it.
    @Test(arguments: [
        ("plain", false), ("", true), ("a b", true), ("tab\there", true), ("line\nbreak", true), (#"say "hi""#, true),
        ("k=v", true), ("café", false), ("no\u{00A0}break", true), ("ideographic\u{3000}space", true), ("emoji🎉", false),
    ])
    func valuesAreQuotedExactlyWhenTheyNeedIt(value: String, quoted: Bool) {
        let line = TextLogLine.encode(
            timestamp: LogTimestamp(secondsSinceEpoch: 0, milliseconds: 0), level: .info, label: "l", message: "m", metadata: ["k": "\(value)"])
        #expect(line.hasPrefix("1970-01-01T00:00:00.000Z info l: m k=\"") == quoted)
    }
}
