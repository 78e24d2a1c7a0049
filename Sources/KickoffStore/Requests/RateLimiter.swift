public import KickoffModel
import RedisClient

/// A token bucket per subject in Redis, so that several fronts share one limit. The front keeps
/// three: per API key for the routes that change something (`--rate-limit`), per API key for reads
/// (`--read-rate-limit`), per client address for failed dashboard logins (`--login-attempts`). Redis forgets a bucket once it is full again.
public struct RateLimiter: Sendable {
    let client: StoreClient
    /// The Redis key of a subject's bucket (a key's name, a client address).
    let bucket: @Sendable (String) -> String
    public let limit: RateLimit

    init(client: StoreClient, limit: RateLimit, bucket: @escaping @Sendable (String) -> String) {
        self.client = client
        self.limit = limit
        self.bucket = bucket
    }

    /// The Redis key of the subject's bucket (for a script that takes its token itself: `TriggerKeyCheck`).
    public func bucket(of subject: String) -> String { bucket(subject) }

    /// Takes a token from the subject's bucket: nil when there was one, else whole seconds until one
    /// is there (at least 1). A best-effort write: when Redis is full (`maxmemory`, `noeviction`) the
    /// bucket cannot be stored and the request is let through, so that reads and purge keep working.
    public func take(_ subject: String) async throws(StoreError) -> Int? {
        let values: [Int64]
        do {
            values = try await call(subject, cost: 1)
        } catch where error.isStoreFull {
            return nil
        }
        guard values[0] == 0 else { return nil }
        return max(1, Int((values[1] + 999) / 1000))
    }

    /// Puts a token back (a request that turned out not to count).
    public func giveBack(_ subject: String) async throws(StoreError) {
        do {
            _ = try await call(subject, cost: -1)
        } catch where error.isStoreFull {
            return  // best effort, as in `take`
        }
    }

    private func call(_ subject: String, cost: Int) async throws(StoreError) -> [Int64] {
        let reply = try await client.run(Self.script, keys: [bucket(subject)], arguments: [limit.requestsPerSecond, limit.burst, cost])
        guard let values = reply.array?.compactMap(\.int), values.count == 2 else {
            throw StoreError(.unexpectedReply(command: "script rate_limit", reply: reply))
        }
        return values
    }

    static let script = RedisScript(name: "rate_limit", source: #"""
    -- rate_limit: takes one token from a subject's bucket, refilled continuously, or gives one back.
    -- KEYS[1] {ns}:ratelimit:<key name>, {ns}:readlimit:<key name> or {ns}:loginlimit:<address>   (hash: tokens, at)
    -- ARGV[1] refill rate (tokens per second)   ARGV[2] burst (bucket size)
    -- ARGV[3] 1 takes a token, -1 gives one back (never above the burst)
    -- Returns {1, 0} when allowed (always, for a give-back), {0, ms until a token is there} when not.

    """# + takeTokenLua + #"""
    local allowed, wait = take_token(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
    return {allowed, wait}
    """#)

    /// The bucket's arithmetic as a Lua function, for `script` and for the enqueue script, which takes
    /// a trigger's token itself when the front checks the key there (`TriggerKeyCheck`).
    static let takeTokenLua = #"""
    -- take_token(bucket, rate, burst, cost): 1, 0 when allowed; 0, ms until a token is there when not.
    local function take_token(bucket, rate, burst, cost)
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local state = redis.call('HMGET', bucket, 'tokens', 'at')
      local tokens, at = tonumber(state[1]), tonumber(state[2])
      if not tokens or not at then tokens, at = burst, now end
      tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
      local allowed, wait = 0, 0
      if cost < 0 then
        tokens = math.min(burst, tokens - cost)
        allowed = 1
      elseif tokens >= cost then
        tokens = tokens - cost
        allowed = 1
      else
        wait = math.ceil((cost - tokens) * 1000 / rate)
      end
      redis.call('HSET', bucket, 'tokens', tostring(tokens), 'at', now)
      -- An idle bucket is full again after burst / rate seconds: forget it then.
      redis.call('PEXPIRE', bucket, math.ceil(burst * 1000 / rate) + 1000)
      return allowed, wait
    end

    """#
}
