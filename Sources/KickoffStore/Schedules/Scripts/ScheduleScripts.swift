import RedisClient

/// The scheduler's Lua scripts: each is one atomic change; its header lists KEYS and ARGV.
enum ScheduleScripts {
    static let lead = LuaPrelude.script("schedule_lead", #"""
    -- schedule_lead: takes the scheduler lease when nobody holds it (a new epoch: the fencing token),
    -- or renews it for its holder.
    -- KEYS[1] leader key   KEYS[2] epoch counter
    -- ARGV[1] token   ARGV[2] lease in ms
    -- Returns {1 if the caller leads else 0, epoch, server time in ms, holder's token}.
    local holder = redis.call('GET', KEYS[1])
    local now = now_ms()
    if holder == ARGV[1] then
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return {1, tonumber(redis.call('GET', KEYS[2]) or '0'), now, holder}
    end
    if not holder then
      local epoch = redis.call('INCR', KEYS[2])
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return {1, epoch, now, ARGV[1]}
    end
    return {0, tonumber(redis.call('GET', KEYS[2]) or '0'), now, holder}
    """#)

    static let resign = LuaPrelude.script("schedule_resign", #"""
    -- schedule_resign: a stopping leader gives the lease up, so another process leads at once.
    -- KEYS[1] leader key   ARGV[1] token
    -- Returns 1 if it held the lease.
    if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
    return 0
    """#)

    static let fire = LuaPrelude.script("schedule_fire", #"""
    -- schedule_fire: one tick of one schedule, exactly once: only the holder of the lease with the
    -- current epoch may act, and only on a tick after the schedule's last one. 'fire' enqueues the
    -- tick's run in this same script; 'skip' only records the tick as handled (misfire: skip, or a
    -- schedule seen for the first time).
    -- KEYS[1] leader key   KEYS[2] epoch counter   KEYS[3] schedule state hash
    -- KEYS[4..9] the enqueue keys: run hash, queue list, delayed zset, runs index, pipeline index, signal list
    -- ARGV[1] token   ARGV[2] epoch   ARGV[3] tick (ms)   ARGV[4] fire|skip   ARGV[5] key prefix
    -- ARGV[6] run id   ARGV[7..] field, value pairs of the run record
    -- Returns {'fired', run id} | {'skipped'} | {'not_leader'} | {'stale', last tick}.
    if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('GET', KEYS[2]) ~= ARGV[2] then
      return {'not_leader'}
    end
    local tick = tonumber(ARGV[3])
    local last = tonumber(redis.call('HGET', KEYS[3], 'last_tick') or '-1')
    if tick <= last then return {'stale', tostring(last)} end
    if ARGV[4] == 'fire' and redis.call('EXISTS', KEYS[4]) == 1 then
      return redis.error_reply('EXISTS run ' .. ARGV[6] .. ' already exists')
    end
    redis.call('HSET', KEYS[3], 'last_tick', ARGV[3], 'epoch', ARGV[2])
    if ARGV[4] == 'skip' then
      redis.call('HINCRBY', KEYS[3], 'skipped', 1)
      return {'skipped'}
    end
    store_run({KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]}, ARGV[5], ARGV[6], 0, {unpack(ARGV, 7)})
    redis.call('HSET', KEYS[3], 'last_fired_tick', ARGV[3], 'last_run_id', ARGV[6], 'last_fired_at', now_ms())
    redis.call('HINCRBY', KEYS[3], 'fired', 1)
    return {'fired', ARGV[6]}
    """#)
}
