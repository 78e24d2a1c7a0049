import KickoffModel
import KickoffStore

/// Signing in and out of the dashboard: a session per login, its id in the cookie and a CSRF token
/// for its forms, both unguessable (`RandomToken`); kept in Redis by the store's
/// `DashboardSessionStore` for `lifetime`.
struct DashboardSessions: Sendable {
    let store: DashboardSessionStore
    let lifetime: Duration

    static let defaultLifetime: Duration = .seconds(12 * 3600)

    /// A new session for a key that was just authenticated; returns the id for the cookie.
    func create(key: APIKeyRecord, digest: String) async throws -> (id: String, session: DashboardSession) {
        let id = RandomToken.make()
        let session = DashboardSession(key: key, keyDigest: digest, csrfToken: RandomToken.make())
        try await store.create(id: id, session: session, lifetime: lifetime)
        return (id, session)
    }

    /// The session behind a cookie value, or nil (unknown, expired, or its key revoked).
    func find(id: String) async throws -> DashboardSession? {
        guard RandomToken.isWellFormed(id) else { return nil }
        return try await store.find(id: id)
    }

    func delete(id: String) async throws {
        guard RandomToken.isWellFormed(id) else { return }
        try await store.delete(id: id)
    }
}
