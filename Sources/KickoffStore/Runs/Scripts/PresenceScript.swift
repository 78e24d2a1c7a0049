import RedisClient

extension QueueScripts {
    static let presence = LuaPrelude.script("presence", #"""
    -- presence: an idle worker's one periodic call, folding three things: it serves these queues for
    -- a while (as announce), the instance marker (as instance_marker), and the maintainer election:
    -- when nobody holds the maintainer lease the caller takes it (the holder renews it in maintain).
    -- So a fleet runs one maintenance per interval, not one per worker.
    -- KEYS[1..] the queues' worker zsets (workers:<queue>)
    -- ARGV[1] worker name   ARGV[2] for how long (ms)   ARGV[3] key prefix
    -- ARGV[4] the caller's maintainer token   ARGV[5] the maintainer lease (ms)
    -- ARGV[6] the instance marker to write when absent
    -- ARGV[7..] field, value pairs of the worker's fleet record (WorkerRecord; none: no record): as
    -- in announce, the worker's entry in GET /v1/workers, lapsing with the presence. The first call
    -- of each minute, of any worker, samples the queues for the history (HistoryLua).
    -- Returns {instance marker before the call (false: it was absent, now ARGV[6]), maintainer token,
    -- live workers of the first queue}.
    local prefix = ARGV[3]
    local now = now_ms()
    local workers = 0
    for i, key in ipairs(KEYS) do
      redis.call('SADD', prefix .. 'queues', string.sub(key, #prefix + #'workers:' + 1))
      redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
      redis.call('ZADD', key, now + tonumber(ARGV[2]), ARGV[1])
      if i == 1 then workers = redis.call('ZCARD', key) end
    end
    if #ARGV > 6 then fleet_write(prefix, ARGV[1], tonumber(ARGV[2]), now, 7) end
    history_sample_queues(prefix, now)
    local marker = redis.call('GET', prefix .. 'instance')
    if not marker then redis.call('SET', prefix .. 'instance', ARGV[6]) end
    local holder = redis.call('GET', prefix .. 'maintainer')
    if not holder then
      redis.call('SET', prefix .. 'maintainer', ARGV[4], 'PX', ARGV[5])
      holder = ARGV[4]
    end
    return {marker, holder, workers}
    """#)

    static let resignMaintainer = LuaPrelude.script("maintainer_resign", #"""
    -- maintainer_resign: a stopping maintainer gives the lease up, so another worker takes it at its
    -- next presence call instead of after the lease.
    -- KEYS[1] maintainer key   ARGV[1] token
    -- Returns 1 if it held the lease.
    if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
    return 0
    """#)
}
