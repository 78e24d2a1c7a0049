import KickoffModel
import KickoffStore
import RedisClient
import Testing

@Suite struct RedisFailoverSettingsTests {
    @Test func withoutSentinelsRedisIsReachedAtTheURLWithoutWaitingForReplicas() throws {
        let configuration = try Settings(environment: ["KICKOFF_REDIS_URL": "redis://redis.internal:6380/2"]).redisConfiguration()
        #expect(configuration.sentinel == nil)
        #expect(configuration.replicaAcknowledgement == nil)
        #expect(configuration.endpoint == "redis.internal:6380")
    }

    @Test func sentinelsAndMasterFromTheEnvironmentKeepTheURLsCredentialsAndDatabase() throws {
        let settings = try Settings(environment: [
            "KICKOFF_REDIS_URL": "redis://kick:data-pw@ignored:1/3",
            "KICKOFF_REDIS_SENTINELS": "10.0.0.1:26379,10.0.0.2:26379",
            "KICKOFF_REDIS_MASTER": "kickoff",
            "KICKOFF_REDIS_SENTINEL_PASSWORD": "sentinel-pw",
        ])
        let configuration = try settings.redisConfiguration()
        #expect(configuration.sentinel == SentinelConfiguration(
            sentinels: [SentinelEndpoint(host: "10.0.0.1", port: 26379), SentinelEndpoint(host: "10.0.0.2", port: 26379)],
            masterName: "kickoff", password: "sentinel-pw"))
        #expect(configuration.username == "kick")
        #expect(configuration.password == "data-pw")
        #expect(configuration.database == 3)
        // With sentinels a trigger waits for one replica by default, a second at most.
        #expect(configuration.replicaAcknowledgement == ReplicaAcknowledgement(replicas: 1, timeout: .seconds(1)))
    }

    @Test func flagsWinAndZeroReplicasTurnsTheWaitOff() throws {
        let environment = ["KICKOFF_REDIS_SENTINELS": "a:1", "KICKOFF_REDIS_MASTER": "env", "KICKOFF_REDIS_MIN_REPLICAS": "2"]
        let flagged = try Settings(environment: environment, overrides: SettingsOverrides(
            redisSentinels: "b:2", redisMaster: "flag", redisReplicaTimeout: "250ms")).redisConfiguration()
        #expect(flagged.sentinel?.sentinels == [SentinelEndpoint(host: "b", port: 2)])
        #expect(flagged.sentinel?.masterName == "flag")
        #expect(flagged.replicaAcknowledgement == ReplicaAcknowledgement(replicas: 2, timeout: .milliseconds(250)))
        let off = try Settings(environment: environment, overrides: SettingsOverrides(redisMinReplicas: "0")).redisConfiguration()
        #expect(off.replicaAcknowledgement == nil)
        #expect(off.sentinel != nil)
    }

    @Test func replicasCanBeRequiredWithoutSentinels() throws {
        let configuration = try Settings(environment: ["KICKOFF_REDIS_MIN_REPLICAS": "1"]).redisConfiguration()
        #expect(configuration.sentinel == nil)
        #expect(configuration.replicaAcknowledgement?.replicas == 1)
    }

    @Test(arguments: [
        (["KICKOFF_REDIS_SENTINELS": "a:1"], "KICKOFF_REDIS_SENTINELS", "needs the master's name too"),
        (["KICKOFF_REDIS_MASTER": "m"], "KICKOFF_REDIS_MASTER", "needs the sentinels too"),
        (["KICKOFF_REDIS_SENTINELS": "a:1,b", "KICKOFF_REDIS_MASTER": "m"], "KICKOFF_REDIS_SENTINELS", "host:port"),
        (["KICKOFF_REDIS_SENTINELS": "a:1", "KICKOFF_REDIS_MASTER": "my master"], "KICKOFF_REDIS_MASTER", "without spaces"),
        (["KICKOFF_REDIS_MIN_REPLICAS": "-1"], "KICKOFF_REDIS_MIN_REPLICAS", "0…100"),
        (["KICKOFF_REDIS_REPLICA_TIMEOUT": "10s"], "KICKOFF_REDIS_REPLICA_TIMEOUT", "from 1ms to"),
        (["KICKOFF_REDIS_REPLICA_TIMEOUT": "0"], "KICKOFF_REDIS_REPLICA_TIMEOUT", "from 1ms to"),
    ])
    func badValuesNameTheVariable(_ environment: [String: String], _ variable: String, _ reason: String) {
        let error = #expect(throws: ConfigurationError.self) { try Settings(environment: environment) }
        #expect(error?.source == .environment(variable))
        #expect(error?.reason.contains(reason) == true, "\(error.map { "\($0)" } ?? "")")
    }

    @Test func theNewVariablesAreListed() {
        for name in ["KICKOFF_REDIS_SENTINELS", "KICKOFF_REDIS_MASTER", "KICKOFF_REDIS_SENTINEL_PASSWORD",
                     "KICKOFF_REDIS_MIN_REPLICAS", "KICKOFF_REDIS_REPLICA_TIMEOUT"] {
            #expect(EnvironmentVariable.all.contains(name))
        }
    }
}
