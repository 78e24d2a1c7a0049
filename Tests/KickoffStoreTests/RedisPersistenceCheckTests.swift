import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

@Suite struct RedisPersistenceCheckTests {
    static func pair(_ name: String, _ value: String) -> RedisReply {
        .array([.bulk(Array(name.utf8)), .bulk(Array(value.utf8))])
    }

    @Test func warnsAboutAMissingAppendOnlyFileAndEviction() {
        let warnings = RedisPersistenceCheck.warnings([Self.pair("appendonly", "no"), Self.pair("maxmemory-policy", "allkeys-lru")])
        #expect(warnings.count == 2)
        #expect(warnings[0].contains("appendonly yes"))
        #expect(warnings[1].contains("noeviction"))
    }

    @Test func isQuietWhenRedisIsSetUpForDurabilityOrHidesItsConfiguration() {
        #expect(RedisPersistenceCheck.warnings([Self.pair("appendonly", "yes"), Self.pair("maxmemory-policy", "noeviction")]).isEmpty)
        #expect(RedisPersistenceCheck.warnings([.error("ERR unknown command 'CONFIG'"), .error("ERR unknown command 'CONFIG'")]).isEmpty)
    }

    /// Against the real test server (started without AOF by scripts/test): the check sees it.
    @Test func readsTheRealServersSettings() async throws {
        let configuration = try await TestRedis.configuration()
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let warnings = RedisPersistenceCheck.warnings(try await client.pipeline(RedisPersistenceCheck.commands))
        #expect(warnings.contains { $0.contains("append-only") })
    }
}
