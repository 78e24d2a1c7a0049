import RedisClient
import ServiceLifecycle

/// Closes the front's Redis client once the services that use it have stopped: first in the
/// `ServiceGroup`, so graceful shutdown reaches it last (on cancellation, at once).
struct RedisClientService: Service {
    let client: RedisClient

    func run() async {
        try? await gracefulShutdown()
        await client.shutdown()
    }
}
