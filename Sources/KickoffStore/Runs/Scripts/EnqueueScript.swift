import RedisClient

extension QueueScripts {
    static let enqueue = LuaPrelude.script("enqueue", #"""
    -- enqueue: stores a new run and queues it, or schedules it when delayed; all or nothing.
    -- KEYS[1] run hash          KEYS[2] queue list of its priority   KEYS[3] delayed zset
    -- KEYS[4] runs index zset   KEYS[5] pipeline index zset          KEYS[6] signal list
    -- ARGV[1] key prefix   ARGV[2] run id   ARGV[3] delay in ms (0: now)
    -- ARGV[4..] field, value pairs of the run record
    -- Returns {status, created_at}.
    local status, now = store_run(KEYS, ARGV[1], ARGV[2], tonumber(ARGV[3]), {unpack(ARGV, 4)})
    if not status then return redis.error_reply('EXISTS run ' .. ARGV[2] .. ' already exists') end
    return {status, now}
    """#)
}

/// The queue's Lua scripts: each is one atomic state change; its header lists KEYS and ARGV.
public enum QueueScripts {}
