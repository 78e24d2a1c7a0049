import KickoffModel
import KickoffStore

/// Runs `body` with the store on the configured Redis and its settings, closing the connection after.
/// For the commands that talk to Redis directly (`keys`, `webhooks`) rather than to the front.
func withStore<Result: Sendable>(_ shared: SharedOptions, _ body: (Store, Settings) async throws -> Result) async throws -> Result {
    let settings = try shared.settingsWithLogging()
    let store = Store(configuration: try StoreConfiguration(settings: settings),
                      operations: QueueOperations(keys: StoreKeys(namespace: settings.namespace)), connections: 1)
    do {
        let result = try await body(store, settings)
        await store.shutdown()
        return result
    } catch {
        await store.shutdown()
        throw error
    }
}
