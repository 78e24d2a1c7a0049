public import KickoffModel
import RedisClient

/// The API key check a trigger leaves to the enqueue script (one round trip per trigger instead of
/// two or three): the script compares the key's stored record with the text the front remembered
/// from an earlier request, byte for byte, and takes the key's rate-limit token, before it stores
/// anything. A revoked or changed key is therefore refused as promptly as by a separate read.
public struct TriggerKeyCheck: Sendable {
    /// SHA-256 (hex) of the presented key: its field in `{ns}:keys`.
    public var digest: String
    /// The record's JSON as the front last read it.
    public var storedText: String
    /// The key's token bucket (`StoreKeys.rateLimit(apiKeyName:)`) and its limit; nil: no limit.
    public var rateLimit: (bucket: String, limit: RateLimit)?

    public init(digest: String, storedText: String, rateLimit: (bucket: String, limit: RateLimit)?) {
        self.digest = digest
        self.storedText = storedText
        self.rateLimit = rateLimit
    }
}

extension RunStore {
    /// What `submit(_:keyCheck:)` found.
    public enum CheckedSubmission: Sendable, Hashable {
        /// The key is as remembered and within its rate: the run went through `submit`'s flow control.
        case done(Submitted)
        /// The key's record is not what the front remembered (revoked, changed, touched): nothing was
        /// stored; check the key the ordinary way and submit again.
        case keyChanged
        /// The key's bucket is empty: nothing was stored; a token is there in this many milliseconds.
        case rateLimited(retryAfterMilliseconds: Int64)
    }

    /// `submit` with the key check in the same script call (`TriggerKeyCheck`).
    public func submit(_ run: NewRun, keyCheck: TriggerKeyCheck) async throws(StoreError) -> CheckedSubmission {
        // With partitions the key (on the namespace's tag) and the run are on two slots: checked apart.
        guard operations.keys.partitions.isSingle else { return .keyChanged }
        let reply = try await client.runAcknowledged(operations.enqueue(run, keyCheck: keyCheck))
        switch reply.array?.first?.string {
        case "key_changed": return .keyChanged
        case "rate_limited": return .rateLimited(retryAfterMilliseconds: reply.array?.dropFirst().first?.int ?? 1000)
        default: return .done(try await submitted(run, reply: reply))
        }
    }
}
