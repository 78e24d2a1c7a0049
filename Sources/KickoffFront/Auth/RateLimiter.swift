import KickoffCore
import RedisClient

/// A token bucket per API key in Redis, so that several fronts share one limit.
struct RateLimiter: Sendable {
    let client: RedisClient
    let prefix: String
    let limit: RateLimit

    static let script = RedisScript(name: "rate_limit", source: #"""
    -- rate_limit: takes one token from a key's bucket, refilled continuously.
    -- KEYS[1] {ns}:ratelimit:<key name>   (hash: tokens, at)
    -- ARGV[1] refill rate (tokens per second)   ARGV[2] burst (bucket size)
    -- Returns {1, 0} when allowed, {0, ms until a token is there} when not.
    local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
    local tokens, at = tonumber(state[1]), tonumber(state[2])
    if not tokens or not at then tokens, at = burst, now end
    tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
    local allowed, wait = 0, 0
    if tokens >= 1 then
      tokens = tokens - 1
      allowed = 1
    else
      wait = math.ceil((1 - tokens) * 1000 / rate)
    end
    redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
    -- An idle bucket is full again after burst / rate seconds: forget it then.
    redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
    return {allowed, wait}
    """#)

    /// nil when allowed, else whole seconds until a request would be (at least 1).
    func retryAfter(keyName: String) async throws(RedisError) -> Int? {
        let reply = try await client.run(Self.script, keys: [prefix + "ratelimit:" + keyName],
                                         arguments: [limit.requestsPerSecond, limit.burst])
        guard let values = reply.array?.compactMap(\.int), values.count == 2 else {
            throw .unexpectedReply(command: "script rate_limit", reply: reply)
        }
        guard values[0] == 0 else { return nil }
        return max(1, Int((values[1] + 999) / 1000))
    }
}
