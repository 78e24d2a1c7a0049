import RedisClient

extension QueueScripts {
    static let announce = LuaPrelude.script("announce", #"""
    -- announce: a worker serves these queues for a while (its maintenance renews it); entries of
    -- workers that stopped renewing are dropped.
    -- KEYS[1..] the queues' worker zsets (workers:<queue>)
    -- ARGV[1] worker name   ARGV[2] for how long (ms)   ARGV[3] key prefix
    local now = now_ms()
    for _, key in ipairs(KEYS) do
      redis.call('SADD', ARGV[3] .. 'queues', string.sub(key, #ARGV[3] + #'workers:' + 1))
      redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
      redis.call('ZADD', key, now + tonumber(ARGV[2]), ARGV[1])
    end
    return #KEYS
    """#)
}

extension QueueScripts {
    static let queueWorkers = LuaPrelude.script("queue_workers", #"""
    -- queue_workers: how many live workers serve each queue (read-only).
    -- KEYS[1..] the queues' worker zsets (workers:<queue>)
    local now = now_ms()
    local out = {}
    for _, key in ipairs(KEYS) do out[#out + 1] = redis.call('ZCOUNT', key, '(' .. now, '+inf') end
    return out
    """#)
}
