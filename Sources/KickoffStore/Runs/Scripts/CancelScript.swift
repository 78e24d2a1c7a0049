import RedisClient

extension QueueScripts {
    // Allowed on a full Redis: cancel is how an operator stops runs when memory runs out.
    static let cancel = LuaPrelude.scriptAllowedWhenFull("cancel", #"""
    -- cancel: a queued or scheduled run is canceled at once; a running one is flagged, and its
    -- worker stops the step at its next heartbeat and finishes the run as canceled.
    -- KEYS[1] run hash   KEYS[2] delayed zset
    -- ARGV[1] key prefix   ARGV[2] run id   ARGV[3] retention ('RUNS:LOGS' seconds)
    -- Returns 'canceled', 'cancel_requested', 'finished' (already final) or 'missing'.
    local prefix, id = ARGV[1], ARGV[2]
    local fields = redis.call('HMGET', KEYS[1], 'status', 'priority')
    local status = fields[1]
    if not status then
      if redis.call('EXISTS', prefix .. 'done:' .. id) == 1 then return 'finished' end  -- packed (PackedRunLua)
      return 'missing'
    end
    if status == 'queued' or status == 'scheduled' then
      redis.call('LREM', prefix .. 'queue:' .. (fields[2] or 'normal'), 0, id)  -- a list of before named queues
      queue_remove(prefix, id)
      redis.call('ZREM', KEYS[2], id)
      redis.call('HSET', KEYS[1], 'outputs', 'null', 'error', 'null')
      finish(prefix, id, 'canceled', now_ms(), ARGV[3])
      return 'canceled'
    end
    if status == 'running' then
      if redis.call('HGET', KEYS[1], 'cancel_requested') ~= '1' then
        redis.call('HSET', KEYS[1], 'cancel_requested', '1')
        emit(prefix, id, 'run.cancel_requested', {status = 'running'})
      end
      return 'cancel_requested'
    end
    return 'finished'
    """#)
}
