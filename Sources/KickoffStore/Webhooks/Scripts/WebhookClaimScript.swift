import RedisClient

/// The webhook outbox's Lua scripts: each is one atomic change; its header lists KEYS and ARGV.
enum WebhookScripts {
    static let claim = LuaPrelude.script("webhook_claim", #"""
    -- webhook_claim: hands due deliveries to a deliverer, each under a lease. First puts back in line
    -- the deliveries whose lease ran out (their deliverer died or hung mid-delivery: at-least-once),
    -- and forgets dead letters older than the retention.
    -- KEYS[1] due zset   KEYS[2] in-flight zset   KEYS[3] dead zset
    -- ARGV[1] key prefix   ARGV[2] deliverer token   ARGV[3] lease in ms   ARGV[4] most deliveries
    -- ARGV[5] dead-letter retention in seconds
    -- Returns {ms until the next delivery still waiting falls due or -1 if none, deliveries put back in line, {delivery hash as HGETALL, …}}.
    local prefix, token, lease, limit = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
    local now = now_ms()
    local requeued = 0
    for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)) do
      redis.call('ZREM', KEYS[2], id)
      local key = prefix .. 'webhook:' .. id
      if redis.call('EXISTS', key) == 1 then
        redis.call('HSET', key, 'state', 'pending', 'due_at', now)
        redis.call('HDEL', key, 'token', 'lease_until')
        redis.call('ZADD', KEYS[1], now, id)
        requeued = requeued + 1
      end
    end
    redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[5]) * 1000)
    local claimed = {}
    if limit > 0 then
      for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)) do
        redis.call('ZREM', KEYS[1], id)
        local key = prefix .. 'webhook:' .. id
        if redis.call('EXISTS', key) == 1 then
          redis.call('HSET', key, 'state', 'inflight', 'token', token, 'lease_until', now + lease)
          redis.call('ZADD', KEYS[2], now + lease, id)
          table.insert(claimed, redis.call('HGETALL', key))
        end
      end
    end
    local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    local next_due = -1
    if first[2] then next_due = math.max(0, math.floor(tonumber(first[2])) - now) end
    return {next_due, requeued, claimed}
    """#)
}
