import RedisClient

extension QueueScripts {
    static let queueStats = LuaPrelude.script("queue_stats", #"""
    -- queue_stats: read-only figures for metrics, at one instant.
    -- KEYS[1..3] queue lists high, normal, low   KEYS[4] delayed zset   KEYS[5] leases zset
    -- ARGV[1] key prefix   ARGV[2] most ids looked at per queue to find its oldest queued run
    -- Returns {length, age of the oldest queued run in ms (-1: none)} for each queue, then the number
    -- of scheduled runs and of running runs.
    -- The head of a list is the run waiting longest (retries and reclaimed runs go first in line).
    -- (Cancel removes a run's id from its queue; an id whose record is gone or no longer queued is
    -- skipped when looking for the oldest, as claim drops it.)
    local prefix, scan = ARGV[1], tonumber(ARGV[2])
    local now = now_ms()
    local out = {}
    for q = 1, 3 do
      local age = -1
      for _, id in ipairs(redis.call('LRANGE', KEYS[q], 0, scan - 1)) do
        local fields = redis.call('HMGET', prefix .. 'run:' .. id, 'status', 'queued_at', 'created_at')
        if fields[1] == 'queued' then
          age = math.max(0, now - tonumber(fields[2] or fields[3] or now))
          break
        end
      end
      out[#out + 1] = redis.call('LLEN', KEYS[q])
      out[#out + 1] = age
    end
    out[#out + 1] = redis.call('ZCARD', KEYS[4])
    out[#out + 1] = redis.call('ZCARD', KEYS[5])
    return out
    """#)
}
