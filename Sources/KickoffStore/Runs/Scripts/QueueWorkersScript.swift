import RedisClient

extension QueueScripts {
    static let announce = LuaPrelude.script("announce", #"""
    -- announce: a worker serves these queues for a while (its maintenance renews it); entries of
    -- workers that stopped renewing are dropped. With a record (ARGV[4..]) it is also the worker's
    -- entry in the fleet (GET /v1/workers): a hash that lapses with the announcement, so a worker
    -- that stops renewing leaves the list by itself. The first call of each minute, of any worker,
    -- samples the queues for the history (HistoryLua).
    -- KEYS[1..] the queues' worker zsets (workers:<queue>)
    -- ARGV[1] worker name   ARGV[2] for how long (ms)   ARGV[3] key prefix
    -- ARGV[4..] field, value pairs of the worker's record (WorkerRecord; none: no record)
    local now = now_ms()
    local prefix, ttl = ARGV[3], tonumber(ARGV[2])
    for _, key in ipairs(KEYS) do
      redis.call('SADD', prefix .. 'queues', string.sub(key, #prefix + #'workers:' + 1))
      redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
      redis.call('ZADD', key, now + ttl, ARGV[1])
    end
    if #ARGV > 3 then fleet_write(prefix, ARGV[1], ttl, now, 4) end
    history_sample_queues(prefix, now)
    return #KEYS
    """#)

    static let withdraw = LuaPrelude.script("withdraw", #"""
    -- withdraw: a worker stops: it serves none of these queues and leaves the fleet at once.
    -- KEYS[1..] the queues' worker zsets (workers:<queue>)
    -- ARGV[1] worker name   ARGV[2] key prefix
    for _, key in ipairs(KEYS) do redis.call('ZREM', key, ARGV[1]) end
    redis.call('ZREM', ARGV[2] .. 'fleet', ARGV[1])
    redis.call('DEL', ARGV[2] .. 'worker:' .. ARGV[1])
    return #KEYS
    """#)

    static let fleet = LuaPrelude.script("fleet", #"""
    -- fleet: the live workers' records (read-only), by name.
    -- KEYS[1] the fleet zset   ARGV[1] key prefix
    -- Returns {name, {field, value, …}} pairs; a member whose record lapsed is left out.
    local now = now_ms()
    local out = {}
    for _, name in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')) do
      local record = redis.call('HGETALL', ARGV[1] .. 'worker:' .. name)
      if #record > 0 then
        out[#out + 1] = name
        out[#out + 1] = record
      end
    end
    return out
    """#)

    static let history = LuaPrelude.script("history", #"""
    -- history: the per-minute history hashes from minute ARGV[2] to minute ARGV[3] (read-only).
    -- KEYS[1] the fleet zset (unused: it names the hash slot)
    -- ARGV[1] key prefix   ARGV[2], ARGV[3] first and last minute (Unix ms / 60000)
    -- Returns {minute, {field, value, …}} pairs for the minutes that have a hash, oldest first.
    local out = {}
    for minute = tonumber(ARGV[2]), tonumber(ARGV[3]) do
      local fields = redis.call('HGETALL', ARGV[1] .. 'minute:' .. minute)
      if #fields > 0 then
        out[#out + 1] = minute
        out[#out + 1] = fields
      end
    end
    return out
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
