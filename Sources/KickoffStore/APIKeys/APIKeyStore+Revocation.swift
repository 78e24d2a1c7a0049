import RedisClient

extension APIKeyStore {
    /// True while the key with this digest (`APIKeyMaterial.digest`) is stored: false once revoked.
    /// For what outlives one request (an event stream), which asks again as it goes.
    public func isCurrent(digest: String) async throws(StoreError) -> Bool {
        try await client.send(RedisCommand("HEXISTS", keysHash, digest)).int == 1
    }
}
