import KickoffModel
import KickoffStore
import Testing

/// `KICKOFF_PARTITIONS` / `--partitions`: 1 by default (today's layout), 1…256, the flag over the
/// variable.
@Suite struct PartitionsSettingsTests {
    @Test func oneByDefaultTheFlagOverTheVariable() throws {
        #expect(try Settings(environment: [:]).partitions == RunPartitions())
        #expect(try Settings(environment: [:]).queueOperations.keys.allPartitions.map(\.prefix) == ["{kickoff}:"])
        let settings = try Settings(environment: ["KICKOFF_PARTITIONS": "3", "KICKOFF_NAMESPACE": "ci"])
        #expect(settings.partitions.count == 3)
        #expect(settings.queueOperations.keys.allPartitions.map(\.prefix) == ["{ci:0}:", "{ci:1}:", "{ci:2}:"])
        #expect(try Settings(environment: ["KICKOFF_PARTITIONS": "3"], overrides: SettingsOverrides(partitions: "5")).partitions.count == 5)
        #expect(EnvironmentVariable.all.contains("KICKOFF_PARTITIONS"))
    }

    @Test func outOfRangeIsRefusedNamingTheSource() {
        for value in ["0", "257", "-1", "three", "1.5"] {
            let error = #expect(throws: ConfigurationError.self) { try Settings(environment: ["KICKOFF_PARTITIONS": value]) }
            #expect(error?.source == .environment("KICKOFF_PARTITIONS"))
            #expect(error?.reason.contains("1…256") == true)
        }
        let flag = #expect(throws: ConfigurationError.self) { try Settings(environment: [:], overrides: SettingsOverrides(partitions: "0")) }
        #expect(flag?.source == .flag("--partitions"))
    }
}
