/// What is stored about an API key (never the key itself): the JSON value of `{ns}:keys[sha256]`.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    public var name: String
    public var scopes: [APIKeyScope]
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Unix milliseconds, updated at most about once a minute per key; nil until first used.
    public var lastUsedAt: Int64?

    public init(name: String, scopes: [APIKeyScope], createdAt: Int64, lastUsedAt: Int64? = nil) {
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    /// True when the key may act in `scope` (`admin` may do everything).
    public func allows(_ scope: APIKeyScope) -> Bool {
        scopes.contains(scope) || scopes.contains(.admin)
    }

    enum CodingKeys: String, CodingKey {
        case name, scopes
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
    }
}
