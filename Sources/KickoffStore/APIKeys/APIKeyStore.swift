import Foundation
public import KickoffModel
public import RedisClient
import Synchronization

/// API keys in Redis, shared by the front (authentication) and `kickoff keys create|list|revoke`.
///
/// `{ns}:keys` maps the SHA-256 (hex) of each key to its record's JSON, `{ns}:keys:names` maps a
/// name to that digest. The key itself is shown once, by `create`, and stored nowhere.
/// Non-blocking: it talks through the pipelining `RedisClient`.
public final class APIKeyStore: Sendable {
    let client: StoreClient
    let keysHash: String
    let namesHash: String
    /// How often `last_used_at` is written per key at most (one process's view).
    public let touchInterval: Duration
    private let lastTouched = Mutex<[String: Int64]>([:])
    /// Records decoded before, by digest, with the stored text they came from: every request reads
    /// the record (so a revoked key is refused at once) but decodes it only when its text changed.
    private let decoded = Mutex<[String: (text: [UInt8], record: APIKeyRecord)]>([:])
    private static let decodedLimit = 1024

    public init(client: RedisClient, keys: StoreKeys, touchInterval: Duration = .seconds(60)) {
        self.client = StoreClient(redis: client)
        self.keysHash = keys.apiKeys
        self.namesHash = keys.apiKeyNames
        self.touchInterval = touchInterval
    }

    /// A new key with these scopes. The returned `key` is the only copy of the secret.
    public func create(name: String, scopes: Set<APIKeyScope>) async throws(APIKeyError) -> (key: String, record: APIKeyRecord) {
        guard Self.isValidName(name) else { throw .invalidName(name) }
        guard !scopes.isEmpty else { throw .scopes(.noScopes) }
        let key = APIKeyMaterial.generate()
        let record = APIKeyRecord(name: name, scopes: scopes.sorted(), createdAt: Self.nowMilliseconds())
        let reply: RedisReply
        do {
            reply = try await client.run(APIKeyScripts.create, keys: [keysHash, namesHash],
                                         arguments: [APIKeyMaterial.digest(key), name, Self.json(record)])
        } catch {
            throw .store(error)
        }
        guard reply.string == "created" else { throw .nameTaken(name) }
        return (key, record)
    }

    /// Every key's record, by name.
    public func list() async throws(APIKeyError) -> [APIKeyRecord] {
        let reply: RedisReply
        do { reply = try await client.send(RedisCommand("HVALS", keysHash)) } catch { throw .store(error) }
        return (reply.array ?? []).compactMap { $0.bytes.flatMap(Self.decode) }.sorted { $0.name < $1.name }
    }

    /// Revokes the key named `name`; false when there was none.
    public func revoke(name: String) async throws(APIKeyError) -> Bool {
        do {
            return try await client.run(APIKeyScripts.revoke, keys: [keysHash, namesHash], arguments: [name]).int == 1
        } catch {
            throw .store(error)
        }
    }

    /// The record of a presented key, or nil when it is unknown (or not even shaped like a key).
    /// Found by the key's digest: no byte of the secret is compared.
    public func authenticate(_ presented: String) async throws(StoreError) -> APIKeyRecord? {
        guard presented.hasPrefix(APIKeyMaterial.prefix), presented.utf8.count <= 256 else { return nil }
        let digest = APIKeyMaterial.digest(presented)
        let reply = try await client.send(RedisCommand("HGET", keysHash, digest))
        guard let bytes = reply.bytes, let record = decodeRemembered(digest: digest, bytes) else { return nil }
        try await touchIfDue(digest: digest)
        return record
    }

    /// A key this process authenticated before, as it was then, without asking Redis: for a request
    /// whose script checks the key itself (`TriggerKeyCheck`), which is refused if the stored record
    /// changed since. Nil when the key is not remembered (or not shaped like a key). Updates
    /// `last_used_at` as `authenticate` does (at most once a minute per key).
    public func remembered(_ presented: String) async throws(StoreError) -> (record: APIKeyRecord, check: TriggerKeyCheck)? {
        guard presented.hasPrefix(APIKeyMaterial.prefix), presented.utf8.count <= 256 else { return nil }
        let digest = APIKeyMaterial.digest(presented)
        guard decoded.withLock({ $0[digest] }) != nil else { return nil }
        try await touchIfDue(digest: digest)
        guard let known = decoded.withLock({ $0[digest] }) else { return nil }
        return (known.record, TriggerKeyCheck(digest: digest, storedText: String(decoding: known.text, as: UTF8.self), rateLimit: nil))
    }

    private func decodeRemembered(digest: String, _ bytes: [UInt8]) -> APIKeyRecord? {
        if let known = decoded.withLock({ $0[digest] }), known.text == bytes { return known.record }
        guard let record = Self.decode(bytes) else { return nil }
        decoded.withLock { cache in
            if cache.count >= Self.decodedLimit { cache.removeAll() }  // bounded: many keys only cost decoding
            cache[digest] = (bytes, record)
        }
        return record
    }

    /// Updates `last_used_at` when this process has not done so for `touchInterval`: at most one
    /// extra write per key and minute, not one per request. Best effort: skipped when Redis is full
    /// (`maxmemory`, `noeviction`), so that a full Redis does not lock every key out.
    private func touchIfDue(digest: String) async throws(StoreError) {
        let now = Self.nowMilliseconds()
        let interval = touchInterval.milliseconds
        let due = lastTouched.withLock { touched in
            if let last = touched[digest], now - last < interval { return false }
            touched[digest] = now
            return true
        }
        guard due else { return }
        do {
            // The new text is remembered, so that the next trigger's key check (TriggerKeyCheck) matches it.
            let reply = try await client.run(APIKeyScripts.touch, keys: [keysHash], arguments: [digest, String(now)])
            if let bytes = reply.bytes { _ = decodeRemembered(digest: digest, bytes) }
        } catch where error.isStoreFull {
            lastTouched.withLock { _ = $0.removeValue(forKey: digest) }  // try again on a later request
        }
    }

    /// Names become part of log lines and CLI arguments: keep them plain.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || [UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ".")].contains(byte)
        }
    }

    private static func decode(_ bytes: [UInt8]) -> APIKeyRecord? {
        try? JSONDecoder().decode(APIKeyRecord.self, from: Data(bytes))
    }

    private static func json(_ record: APIKeyRecord) -> String {
        record.jsonString()
    }

    static func nowMilliseconds() -> Int64 {
        WallClock.milliseconds()
    }
}
