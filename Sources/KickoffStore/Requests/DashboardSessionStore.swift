import Foundation
public import KickoffModel
import RedisClient

/// Dashboard sessions in Redis: `{ns}:ui:session:<sha256 of the session id>` holds
/// `{"key_digest","csrf"}` with a TTL. Only the id's digest is a key name, so reading Redis does
/// not hand out usable sessions. Every lookup also reads the API key's record in the same script:
/// a revoked key ends its sessions at once, and scopes are always the key's current ones.
/// The ids and CSRF tokens are made by the caller (the front's `DashboardSessions`).
public struct DashboardSessionStore: Sendable {
    let client: StoreClient
    let keys: StoreKeys

    init(client: StoreClient, keys: StoreKeys) {
        self.client = client
        self.keys = keys
    }

    private struct Stored: Codable {
        var key_digest: String
        var csrf: String
    }

    private func redisKey(_ sessionID: String) -> String {
        keys.dashboardSession(idDigest: Digests.sha256Hex(sessionID.utf8))
    }

    /// Stores `session` under `id` for `lifetime`. Works on a full Redis too (`allow-oom`): signing in
    /// to the dashboard is how an operator gets to cancel and purge when memory runs out.
    public func create(id: String, session: DashboardSession, lifetime: Duration) async throws(StoreError) {
        let json = Self.encode(Stored(key_digest: session.keyDigest, csrf: session.csrfToken))
        _ = try await client.run(Self.store, keys: [redisKey(id)], arguments: [json, lifetime.milliseconds])
    }

    /// The session stored under `id`, with its key's record as it is now; nil when unknown, expired,
    /// or its key revoked.
    public func find(id: String) async throws(StoreError) -> DashboardSession? {
        let reply = try await client.run(Self.lookup, keys: [redisKey(id), keys.apiKeys], arguments: [])
        guard let parts = reply.array, parts.count == 2, let sessionBytes = parts[0].bytes, let recordBytes = parts[1].bytes,
              let stored = try? JSONDecoder().decode(Stored.self, from: Data(sessionBytes)),
              let record = try? JSONDecoder().decode(APIKeyRecord.self, from: Data(recordBytes)) else { return nil }
        return DashboardSession(key: record, keyDigest: stored.key_digest, csrfToken: stored.csrf)
    }

    public func delete(id: String) async throws(StoreError) {
        _ = try await client.send(RedisCommand("DEL", redisKey(id)))
    }

    private static func encode(_ stored: Stored) -> String {
        // Two hex strings: encoding cannot fail.
        (try? JSONEncoder().encode(stored)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static let store = RedisScript(name: "ui_session_create", source: OutOfMemoryFlag.shebang + #"""
    -- ui_session_create: stores a dashboard session, even when Redis is at maxmemory (a few bytes).
    -- KEYS[1] {ns}:ui:session:<sha256 of the session id>   ARGV[1] session JSON   ARGV[2] lifetime (ms)
    return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    """#)

    static let lookup = RedisScript(name: "ui_session", source: #"""
    -- ui_session: a dashboard session and its API key's record, in one round trip.
    -- KEYS[1] {ns}:ui:session:<sha256 of the session id>   KEYS[2] {ns}:keys (key digest -> record JSON)
    -- Returns {session JSON, key record JSON}, or false when the session is unknown or its key is
    -- gone (revoked): then the session is deleted too.
    local session = redis.call('GET', KEYS[1])
    if not session then return false end
    local ok, decoded = pcall(cjson.decode, session)
    if not ok or type(decoded) ~= 'table' or type(decoded['key_digest']) ~= 'string' then
      redis.call('DEL', KEYS[1])
      return false
    end
    local record = redis.call('HGET', KEYS[2], decoded['key_digest'])
    if not record then
      redis.call('DEL', KEYS[1])
      return false
    end
    return {session, record}
    """#)
}
