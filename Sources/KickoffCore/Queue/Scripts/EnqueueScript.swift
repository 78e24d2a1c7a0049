import RedisClient

extension QueueScripts {
    static let enqueue = LuaPrelude.script("enqueue", #"""
    -- enqueue: stores a new run and queues it, or schedules it when delayed; all or nothing.
    -- KEYS[1] run hash          KEYS[2] queue list of its priority   KEYS[3] delayed zset
    -- KEYS[4] runs index zset   KEYS[5] pipeline index zset          KEYS[6] signal list
    -- ARGV[1] key prefix   ARGV[2] run id   ARGV[3] delay in ms (0: now)
    -- ARGV[4..] field, value pairs of the run record
    -- Returns {status, created_at}.
    local prefix, id, delay = ARGV[1], ARGV[2], tonumber(ARGV[3])
    if redis.call('EXISTS', KEYS[1]) == 1 then
      return redis.error_reply('EXISTS run ' .. id .. ' already exists')
    end
    local now = now_ms()
    local status = 'queued'
    if delay > 0 then status = 'scheduled' end
    redis.call('HSET', KEYS[1], 'id', id, 'status', status, 'created_at', now, 'attempt', 1, unpack(ARGV, 4))
    if delay > 0 then
      redis.call('HSET', KEYS[1], 'not_before', now + delay, 'created_as', status)
      redis.call('ZADD', KEYS[3], now + delay, id)
    else
      redis.call('RPUSH', KEYS[2], id)
      signal(KEYS[6])
    end
    redis.call('ZADD', KEYS[4], now, id)
    redis.call('ZADD', KEYS[5], now, id)
    redis.call('SADD', prefix .. 'pipelines', redis.call('HGET', KEYS[1], 'pipeline'))
    -- Published now; stored in the run's stream only with its next event (see store_first_event).
    redis.call('PUBLISH', prefix .. 'events', first_event_json(id, status))
    return {status, now}
    """#)
}

/// The queue's Lua scripts: each is one atomic state change; its header lists KEYS and ARGV.
public enum QueueScripts {}
