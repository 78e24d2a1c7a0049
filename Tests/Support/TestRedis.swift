import Foundation
public import RedisClient

/// The shared Redis the tests talk to: the one `scripts/test` started (`KICKOFF_TEST_REDIS_URL`),
/// or else a private server started on first use, so `swift test` alone works too.
public enum TestRedis {
    public static func configuration() async throws -> RedisConfiguration {
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

    /// A key prefix of its own for each test, so tests running in parallel never share keys.
    public static func uniquePrefix(_ name: String = "test") -> String {
        "\(name):\(UUID().uuidString.prefix(8)):"
    }
}
