import RedisClient

extension WebhookScripts {
    static let result = LuaPrelude.script("webhook_result", #"""
    -- webhook_result: the outcome of one attempt, from the deliverer holding the delivery (token).
    -- Every outcome but 'release' is an attempt: it is appended to the run's attempts list.
    -- delivered: done, kept for the retention. retry: due again after the delay.
    -- dead: a dead letter, listed and kept for the retention. release: back in line at once, no
    -- attempt counted (a draining deliverer that did not get to send it).
    -- KEYS[1] delivery hash   KEYS[2] in-flight zset   KEYS[3] due zset   KEYS[4] dead zset
    -- KEYS[5] the run's attempts list
    -- ARGV[1] delivery id   ARGV[2] deliverer token   ARGV[3] delivered|retry|dead|release
    -- ARGV[4] HTTP status ('' for none)   ARGV[5] error ('' for none)   ARGV[6] retry delay in ms
    -- ARGV[7] retention in seconds   ARGV[8] dead-letter retention in seconds
    -- Returns 'ok' or 'stale' (the lease ran out and the delivery went back in line).
    local id, outcome = ARGV[1], ARGV[3]
    local fields = redis.call('HMGET', KEYS[1], 'state', 'token', 'attempts', 'url')
    if fields[1] ~= 'inflight' or fields[2] ~= ARGV[2] then return 'stale' end
    local now = now_ms()
    redis.call('ZREM', KEYS[2], id)
    redis.call('HDEL', KEYS[1], 'token', 'lease_until')
    if outcome == 'release' then
      redis.call('HSET', KEYS[1], 'state', 'pending', 'due_at', now)
      redis.call('ZADD', KEYS[3], now, id)
      return 'ok'
    end
    local attempt = (tonumber(fields[3]) or 0) + 1
    local entry = {attempt = attempt, at = now, url = fields[4]}
    if ARGV[4] ~= '' then entry['status_code'] = tonumber(ARGV[4]) end
    if ARGV[5] ~= '' then entry['error'] = ARGV[5] end
    redis.call('RPUSH', KEYS[5], cjson.encode(entry))
    -- The key prefix, from the delivery's key (prefix .. 'webhook:' .. id), for the history.
    history_count(string.sub(KEYS[1], 1, #KEYS[1] - #('webhook:' .. id)), now, 'webhook:' .. outcome)
    redis.call('EXPIRE', KEYS[5], tonumber(ARGV[7]))
    redis.call('HSET', KEYS[1], 'attempts', attempt, 'last_attempt_at', now, 'last_status', ARGV[4], 'last_error', ARGV[5])
    if outcome == 'delivered' then
      redis.call('HSET', KEYS[1], 'state', 'delivered', 'delivered_at', now)
      redis.call('EXPIRE', KEYS[1], tonumber(ARGV[7]))
    elseif outcome == 'retry' then
      local due = now + tonumber(ARGV[6])
      redis.call('HSET', KEYS[1], 'state', 'pending', 'due_at', due)
      redis.call('ZADD', KEYS[3], due, id)
    else
      redis.call('HSET', KEYS[1], 'state', 'dead', 'dead_at', now)
      redis.call('ZADD', KEYS[4], now, id)
      redis.call('EXPIRE', KEYS[1], tonumber(ARGV[8] or ARGV[7]))
    end
    return 'ok'
    """#)

    static let redeliver = LuaPrelude.script("webhook_redeliver", #"""
    -- webhook_redeliver: a dead letter (or a delivered one, to send it again) goes back in line now,
    -- its attempts counted from 0 again; it no longer expires.
    -- KEYS[1] delivery hash   KEYS[2] dead zset   KEYS[3] due zset
    -- ARGV[1] delivery id
    -- Returns 'ok', 'missing', or 'busy' (pending or being sent: already on its way).
    local state = redis.call('HGET', KEYS[1], 'state')
    if not state then return 'missing' end
    if state ~= 'dead' and state ~= 'delivered' then return 'busy' end
    local now = now_ms()
    redis.call('PERSIST', KEYS[1])
    redis.call('HSET', KEYS[1], 'state', 'pending', 'attempts', 0, 'due_at', now)
    redis.call('HDEL', KEYS[1], 'dead_at', 'delivered_at')
    redis.call('ZREM', KEYS[2], ARGV[1])
    redis.call('ZADD', KEYS[3], now, ARGV[1])
    return 'ok'
    """#)
}
