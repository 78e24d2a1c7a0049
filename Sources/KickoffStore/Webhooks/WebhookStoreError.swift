import RedisClient

/// A webhook outbox call failed: Redis, a stored value that cannot be read, or a bad argument.
public enum WebhookStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case store(StoreError)
    case unreadable(id: String, reason: String)
    case invalidEndpoint(String)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .unreadable(let id, let reason): "webhook \(id): stored value is unreadable: \(reason)"
        case .invalidEndpoint(let reason): "invalid webhook endpoint: \(reason)"
        }
    }

    static func wrap<T>(_ body: () async throws(StoreError) -> T) async throws(WebhookStoreError) -> T {
        do { return try await body() } catch { throw .store(error) }
    }
}
