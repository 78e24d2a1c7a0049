import Foundation
import KickoffModel
import RedisClient

/// `Idempotency-Key` (IETF draft semantics), per API key: the first request with a key claims it
/// while it is in flight; once its run is stored the key remembers the run for the TTL.
struct IdempotencyStore: Sendable {
    let client: RedisClient
    let prefix: String
    let ttl: Duration
    /// How long a claim may stay in flight before it is given up (a front that died mid-request).
    let inFlightTTL: Duration = .seconds(60)

    enum Claim: Sendable, Hashable {
        /// First use: go on, then `complete` or `abandon`.
        case claimed
        /// Same key, same request: answer with this run.
        case replay(runID: String)
        /// Same key, another request body.
        case mismatch
        /// Same key, same request, still being handled.
        case inFlight
    }

    static let begin = RedisScript(name: "idempotency_begin", source: #"""
    -- idempotency_begin: claims an idempotency key, or tells what it already stands for.
    -- KEYS[1] {ns}:idem:<api key name>:<sha256 of the Idempotency-Key>   (hash: fingerprint, state, run_id)
    -- ARGV[1] request fingerprint   ARGV[2] in-flight TTL in ms
    -- Returns {'claimed'}, {'mismatch'}, {'in_flight'} or {'done', run id}.
    local fields = redis.call('HMGET', KEYS[1], 'fingerprint', 'state', 'run_id')
    if not fields[1] then
      redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'state', 'pending')
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return {'claimed'}
    end
    if fields[1] ~= ARGV[1] then return {'mismatch'} end
    if fields[2] == 'done' then return {'done', fields[3]} end
    return {'in_flight'}
    """#)

    static let end = RedisScript(name: "idempotency_end", source: #"""
    -- idempotency_end: records the run a claimed key stands for, or releases the claim.
    -- KEYS[1] {ns}:idem:<api key name>:<sha256 of the Idempotency-Key>
    -- ARGV[1] request fingerprint   ARGV[2] run id ('' to release)   ARGV[3] TTL in ms
    -- Returns 1 when done, 0 when the claim was no longer ours.
    local fields = redis.call('HMGET', KEYS[1], 'fingerprint', 'state')
    if fields[1] ~= ARGV[1] or fields[2] ~= 'pending' then return 0 end
    if ARGV[2] == '' then
      redis.call('DEL', KEYS[1])
    else
      redis.call('HSET', KEYS[1], 'state', 'done', 'run_id', ARGV[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
    end
    return 1
    """#)

    /// The Redis key: the client's key is hashed, so any header value makes a short, safe key.
    func key(apiKeyName: String, idempotencyKey: String) -> String {
        prefix + "idem:" + apiKeyName + ":" + Self.sha256(Array(idempotencyKey.utf8))
    }

    /// What identifies "the same request": the route and the exact body bytes.
    static func fingerprint(route: String, body: [UInt8]) -> String {
        sha256(Array(route.utf8) + [0] + body)
    }

    func begin(key: String, fingerprint: String) async throws(RedisError) -> Claim {
        let reply = try await client.run(Self.begin, keys: [key], arguments: [fingerprint, String(inFlightTTL.milliseconds)])
        let words = reply.array?.compactMap(\.string) ?? []
        switch words.first {
        case "claimed": return .claimed
        case "mismatch": return .mismatch
        case "in_flight": return .inFlight
        case "done" where words.count == 2: return .replay(runID: words[1])
        default: throw .unexpectedReply(command: "script idempotency_begin", reply: reply)
        }
    }

    func complete(key: String, fingerprint: String, runID: String) async throws(RedisError) {
        try await client.run(Self.end, keys: [key], arguments: [fingerprint, runID, String(ttl.milliseconds)])
    }

    /// Releases a claim whose request stored nothing, so that a retry may go ahead.
    func abandon(key: String, fingerprint: String) async {
        _ = try? await client.run(Self.end, keys: [key], arguments: [fingerprint, "", "0"])
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        Digests.sha256Hex(bytes)
    }
}
