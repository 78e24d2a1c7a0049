import RedisClient

extension QueueScripts {
    static let queueStats = LuaPrelude.script("queue_stats", #"""
    -- queue_stats: read-only figures for metrics and GET /v1/queues, at one instant.
    -- KEYS[1] delayed zset   KEYS[2] leases zset
    -- ARGV[1] key prefix   ARGV[2] most ids looked at per fairness group to find its oldest queued run
    -- Returns {scheduled, running, runs waiting for a concurrency slot, runs in a debounce window,
    -- number of queues, then per queue (sorted by name): name, live workers serving it, running runs,
    -- then {length, age of the oldest queued run in ms (-1: none)} for high, normal, low}.
    -- The head of a group's list is its run waiting longest (retries and reclaimed runs go first in
    -- line); an id whose record is gone or no longer queued is skipped, as claim drops it (queue_line,
    -- HistoryLua).
    local prefix, scan = ARGV[1], tonumber(ARGV[2])
    local now = now_ms()
    local waiting = 0
    for _, slot in ipairs(redis.call('SMEMBERS', prefix .. 'slots:waiting')) do
      waiting = waiting + redis.call('LLEN', prefix .. 'slot:' .. slot .. ':waiting')
    end
    local running_in = {}
    for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, 9999)) do
      local queue = redis.call('HGET', prefix .. 'run:' .. id, 'queue') or 'default'
      running_in[queue] = (running_in[queue] or 0) + 1
    end
    local names = redis.call('SMEMBERS', prefix .. 'queues')
    table.sort(names)
    local out = {redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), waiting, redis.call('SCARD', prefix .. 'debouncing'), #names}
    for _, queue in ipairs(names) do
      out[#out + 1] = queue
      out[#out + 1] = redis.call('ZCOUNT', prefix .. 'workers:' .. queue, '(' .. now, '+inf')
      out[#out + 1] = running_in[queue] or 0
      for _, priority in ipairs(flow_priorities) do
        local length, age = queue_line(prefix, queue, priority, now, scan)
        out[#out + 1] = length
        out[#out + 1] = age
      end
    end
    return out
    """#)
}
