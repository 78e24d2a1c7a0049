/// A signed-in dashboard user: the API key they signed in with (by name and digest, never the key
/// itself), its scopes as they are now, and the session's CSRF token.
public struct DashboardSession: Sendable, Hashable {
    /// The key's record as stored now: a revoked key ends every session made with it.
    public var key: APIKeyRecord
    /// The digest the session was made with (the key's id in Redis).
    public var keyDigest: String
    /// Sent back in every form of this session; a POST without it is refused.
    public var csrfToken: String

    public init(key: APIKeyRecord, keyDigest: String, csrfToken: String) {
        self.key = key
        self.keyDigest = keyDigest
        self.csrfToken = csrfToken
    }

    public func allows(_ scope: APIKeyScope) -> Bool {
        key.allows(scope)
    }
}
