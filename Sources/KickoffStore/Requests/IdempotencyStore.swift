import KickoffModel
import RedisClient

/// `Idempotency-Key` (IETF draft semantics), per API key: the first request with a key claims it
/// while it is in flight; once its run is stored the key remembers the run for the TTL.
public struct IdempotencyStore: Sendable {
    let client: StoreClient
    let keys: StoreKeys
    public let ttl: Duration
    /// How long a claim may stay in flight before it is given up (a front that died mid-request).
    public let inFlightTTL: Duration = .seconds(60)

    init(client: StoreClient, keys: StoreKeys, ttl: Duration) {
        self.client = client
        self.keys = keys
        self.ttl = ttl
    }

    public enum Claim: Sendable, Hashable {
        /// First use: go on, then `complete` or `abandon`.
        case claimed
        /// Same key, same request: answer with this run.
        case replay(runID: String)
        /// Same key, another request body.
        case mismatch
        /// Same key, same request, still being handled.
        case inFlight
    }

    /// The Redis key: the client's key is hashed, so any header value makes a short, safe key.
    /// With partitions, in the partition the key's run goes to (`partitionKey`).
    public func key(apiKeyName: String, idempotencyKey: String) -> String {
        let digest = Digests.sha256Hex(Array(idempotencyKey.utf8))
        let partition = keys.partitions.partition(forKey: "idempotency:" + Self.partitionKey(apiKeyName: apiKeyName, idempotencyKey: idempotencyKey))
        return keys.partition(partition).idempotency(apiKeyName: apiKeyName, keyDigest: digest)
    }

    /// What places a trigger with an `Idempotency-Key` (`NewRun.placed(in:idempotencyKey:)`): its run
    /// and the key's record are in one partition.
    public static func partitionKey(apiKeyName: String, idempotencyKey: String) -> String {
        apiKeyName + ":" + Digests.sha256Hex(Array(idempotencyKey.utf8))
    }

    /// What identifies "the same request": the route and the exact body bytes.
    public static func fingerprint(route: String, body: [UInt8]) -> String {
        Digests.sha256Hex(Array(route.utf8) + [0] + body)
    }

    public func begin(key: String, fingerprint: String) async throws(StoreError) -> Claim {
        let reply = try await client.run(IdempotencyScripts.begin, keys: [key], arguments: [fingerprint, String(inFlightTTL.milliseconds)])
        let words = reply.array?.compactMap(\.string) ?? []
        switch words.first {
        case "claimed": return .claimed
        case "mismatch": return .mismatch
        case "in_flight": return .inFlight
        case "done" where words.count == 2: return .replay(runID: words[1])
        default: throw StoreError(.unexpectedReply(command: "script idempotency_begin", reply: reply))
        }
    }

    public func complete(key: String, fingerprint: String, runID: String) async throws(StoreError) {
        _ = try await client.run(IdempotencyScripts.end, keys: [key], arguments: [fingerprint, runID, String(ttl.milliseconds)])
    }

    /// Releases a claim whose request stored nothing, so that a retry may go ahead.
    public func abandon(key: String, fingerprint: String) async {
        _ = try? await client.run(IdempotencyScripts.end, keys: [key], arguments: [fingerprint, "", "0"])
    }
}
