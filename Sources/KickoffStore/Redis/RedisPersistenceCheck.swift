public import RedisClient

/// What Kickoff wants of its Redis so that an accepted run survives: an append-only file, and no
/// eviction (an evicted run record is a lost run). Checked at start; a mismatch is a warning, not a
/// refusal, since managed Redis services may hide their configuration (CONFIG is then refused).
public enum RedisPersistenceCheck {
    public static let commands = [RedisCommand("CONFIG", "GET", "appendonly"), RedisCommand("CONFIG", "GET", "maxmemory-policy")]

    /// Warnings for the replies to `commands` (sent as one pipeline); none when CONFIG was refused.
    public static func warnings(_ replies: [RedisReply]) -> [String] {
        var warnings: [String] = []
        if let appendonly = value(replies.first), appendonly != "yes" {
            warnings.append("Redis runs without an append-only file (appendonly \(appendonly)): accepted runs can be lost if Redis restarts; set appendonly yes")
        }
        if let policy = value(replies.dropFirst().first), policy != "noeviction" {
            warnings.append("Redis maxmemory-policy is \(policy): under memory pressure it may evict run records; set maxmemory-policy noeviction")
        }
        return warnings
    }

    private static func value(_ reply: RedisReply?) -> String? {
        guard let pair = reply?.array, pair.count == 2 else { return nil }
        return pair[1].string
    }
}
