import RedisClient

extension ScheduleScripts {
    static let firePending = RedisScript(name: "schedule_fire_pending", source: #"""
    -- schedule_fire_pending: schedule_fire with partitions (N > 1), where the run's keys are on
    -- another slot than the schedule's: the tick is recorded (fenced as in schedule_fire, exactly
    -- once) with its run kept in the pending hash; the caller then enqueues it in its partition and
    -- removes it (SchedulerStore.deliverPending, which any leader repeats, so a crash in between
    -- delays the run but does not lose it).
    -- KEYS[1] leader key   KEYS[2] epoch counter   KEYS[3] schedule state hash   KEYS[4] pending hash
    -- ARGV[1] token   ARGV[2] epoch   ARGV[3] tick (ms)   ARGV[4] fire|skip   ARGV[5] run id
    -- ARGV[6] the run as the pending hash keeps it (JSON: pipeline, then field, value pairs)
    -- Returns {'fired', run id} | {'skipped'} | {'not_leader'} | {'stale', last tick}.
    if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('GET', KEYS[2]) ~= ARGV[2] then
      return {'not_leader'}
    end
    local tick = tonumber(ARGV[3])
    local last = tonumber(redis.call('HGET', KEYS[3], 'last_tick') or '-1')
    if tick <= last then return {'stale', tostring(last)} end
    redis.call('HSET', KEYS[3], 'last_tick', ARGV[3], 'epoch', ARGV[2])
    if ARGV[4] == 'skip' then
      redis.call('HINCRBY', KEYS[3], 'skipped', 1)
      return {'skipped'}
    end
    redis.call('HSET', KEYS[4], ARGV[5], ARGV[6])
    local t = redis.call('TIME')
    redis.call('HSET', KEYS[3], 'last_fired_tick', ARGV[3], 'last_run_id', ARGV[5],
               'last_fired_at', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
    redis.call('HINCRBY', KEYS[3], 'fired', 1)
    return {'fired', ARGV[5]}
    """#)
}
