import KickoffModel
import KickoffStore
import RedisClient
import Testing

/// `KICKOFF_REDIS_CLUSTER` / `--redis-cluster`: the seeds, the home key of the namespace, and the
/// combinations that make no sense refused with the variable named.
@Suite struct RedisClusterSettingsTests {
    @Test func theNodesBecomeSeedsAndKeylessCommandsGoToTheNamespacesSlot() throws {
        let settings = try Settings(environment: ["KICKOFF_REDIS_URL": "redis://kick:pw@ignored:1/0",
                                                  "KICKOFF_REDIS_CLUSTER": "10.0.0.1:7000, [::1]:7001", "KICKOFF_NAMESPACE": "jobs"])
        let configuration = try settings.redisConfiguration()
        #expect(configuration.cluster == ClusterConfiguration(seeds: [ClusterNode(host: "10.0.0.1", port: 7000), ClusterNode(host: "::1", port: 7001)],
                                                              homeKey: "{jobs}:"))
        #expect(configuration.password == "pw")
        #expect(configuration.endpoint == "cluster via 10.0.0.1:7000,[::1]:7001")
        #expect(configuration.replicaAcknowledgement == nil, "no replica wait unless asked for")
        let flagged = try Settings(environment: ["KICKOFF_REDIS_CLUSTER": "a:1"], overrides: SettingsOverrides(redisCluster: "b:2")).redisConfiguration()
        #expect(flagged.cluster?.seeds == [ClusterNode(host: "b", port: 2)])
        #expect(try Settings(environment: [:]).redisConfiguration().cluster == nil)
        #expect(EnvironmentVariable.all.contains("KICKOFF_REDIS_CLUSTER"))
    }

    @Test func aBadListSentinelsOrAnotherDatabaseAreRefused() throws {
        let list = #expect(throws: ConfigurationError.self) { try Settings(environment: ["KICKOFF_REDIS_CLUSTER": "a:1,b"]) }
        #expect(list?.source == .environment("KICKOFF_REDIS_CLUSTER"))
        let both = #expect(throws: ConfigurationError.self) {
            try Settings(environment: ["KICKOFF_REDIS_CLUSTER": "a:1", "KICKOFF_REDIS_SENTINELS": "s:1", "KICKOFF_REDIS_MASTER": "m"])
        }
        #expect(both?.reason.contains("exclude each other") == true)
        let database = #expect(throws: ConfigurationError.self) {
            try Settings(environment: ["KICKOFF_REDIS_CLUSTER": "a:1", "KICKOFF_REDIS_URL": "redis://h:1/2"]).redisConfiguration()
        }
        #expect(database?.reason.contains("only database 0") == true)
    }
}
