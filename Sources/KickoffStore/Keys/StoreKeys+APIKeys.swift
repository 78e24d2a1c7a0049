/// API keys, stored by digest only; see `APIKeyStore`.
extension StoreKeys {
    /// Hash: SHA-256 hex of a key → its record's JSON (`APIKeyRecord`).
    public var apiKeys: String { prefix + "keys" }
    /// Hash: key name → SHA-256 hex of the key.
    public var apiKeyNames: String { prefix + "keys:names" }
}
