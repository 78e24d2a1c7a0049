import KickoffCore
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
}
