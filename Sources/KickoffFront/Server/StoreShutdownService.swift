import KickoffStore
import ServiceLifecycle

/// Closes the front's store (its Redis connections) once the services that use it have stopped:
/// first in the `ServiceGroup`, so graceful shutdown reaches it last (on cancellation, at once).
struct StoreShutdownService: Service {
    let store: Store

    func run() async {
        try? await gracefulShutdown()
        await store.shutdown()
    }
}
