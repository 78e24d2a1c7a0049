import Foundation
public import RedisClient

/// The shared Redis the tests talk to: the one `scripts/test` started (`KICKOFF_TEST_REDIS_URL`),
/// or else a private server started on first use, so `swift test` alone works too.
/// With `KICKOFF_TEST_ON_CLUSTER=1` (`scripts/test --cluster`) it is the shared test cluster instead:
/// every test that uses the shared Redis runs against a Redis Cluster, and the `kickoff` processes
/// tests start get `--redis-cluster` in place of `--redis-url` (`KickoffProcess`).
public enum TestRedis {
    /// True when the tests run against the shared cluster.
    public static var onCluster: Bool { ProcessInfo.processInfo.environment["KICKOFF_TEST_ON_CLUSTER"] == "1" }

    public static func configuration() async throws -> RedisConfiguration {
        if onCluster {
            // Seeded with every node; the first is the address `redisURL`s of the fixtures name.
            return try await TestRedisCluster.shared().configuration()
        }
        if let url = ProcessInfo.processInfo.environment["KICKOFF_TEST_REDIS_URL"] {
            return try RedisConfiguration(url: url)
        }
        return try await fallback.value.configuration
    }

    private static let fallback = Task<RedisServerProcess, any Error> {
        let server = try RedisServerProcess()
        try await server.start()
        return server
    }

    /// The client configuration for a URL a fixture gives its processes: the shared cluster's when the
    /// URL names one of its nodes (`KickoffProcess.onCluster`), else the URL's.
    public static func configuration(url: String) async throws -> RedisConfiguration {
        if onCluster, let seeds = ProcessInfo.processInfo.environment["KICKOFF_TEST_REDIS_CLUSTER"],
           seeds.split(separator: ",").contains(where: { "redis://" + $0 + "/0" == url }) {
            return try await configuration()
        }
        return try RedisConfiguration(url: url)
    }

    /// A key prefix of its own for each test, so tests running in parallel never share keys.
    public static func uniquePrefix(_ name: String = "test") -> String {
        "\(name):\(UUID().uuidString.prefix(8)):"
    }
}
