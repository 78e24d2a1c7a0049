import KickoffModel
import KickoffStore
import RedisClient

/// Runs `body` with a client on the configured Redis and its settings, closing the connection after.
/// For the commands that talk to Redis directly (`keys`, `webhooks`) rather than to the front.
func withRedis<Result: Sendable>(_ shared: SharedOptions, _ body: (RedisClient, Settings) async throws -> Result) async throws -> Result {
    let settings = try shared.settingsWithLogging()
    let client = RedisClient(configuration: try settings.redisConfiguration(), connectionCount: 1)
    do {
        let result = try await body(client, settings)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
