import KickoffModel
import RedisClient

extension QueueScripts {
    static let claim = LuaPrelude.script("claim", #"""
    -- claim: takes the oldest queued run of the highest priority for one worker, with a lease.
    -- KEYS[1..3] queue lists high, normal, low   KEYS[4] leases zset   KEYS[5] signal list
    -- ARGV[1] key prefix   ARGV[2] worker name   ARGV[3] attempt token   ARGV[4] lease in ms
    -- ARGV[5] '1': also start the run's first step (its state and step.started, as record_step would
    --         store them): the worker starts it at once, and this spares a round trip before it does.
    --         Not for a run with step states already (resumed): its worker starts where it resumes.
    -- Returns the run's fields (as HGETALL), or false when nothing is queued.
    -- No queued run has its cancel requested, so the first step has no cancel to refuse here (as
    -- record_step does for the next ones): cancel ends a queued run at once, and every script that
    -- queues a running run again (release, fail_attempt, maintain) ends one whose cancel was
    -- requested as canceled instead. A cancel after the claim stops the first step at a heartbeat.
    local prefix, worker, token, lease = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
    local now = now_ms()
    for q = 1, 3 do
      while true do
        local id = redis.call('LPOP', KEYS[q])
        if not id then break end
        local run = prefix .. 'run:' .. id
        -- Ids of runs canceled or expired while queued are dropped here.
        if redis.call('HGET', run, 'status') == 'queued' then
          redis.call('HSET', run, 'status', 'running', 'worker', worker, 'token', token,
                     'started_at', now, 'lease_until', now + lease)
          redis.call('HDEL', run, 'not_before')
          redis.call('ZADD', KEYS[4], now + lease, id)
          emit(prefix, id, 'run.running', {status = 'running', worker = worker,
               attempt = tonumber(redis.call('HGET', run, 'attempt'))})
          if ARGV[5] == '1' then
            local names = cjson.decode(redis.call('HGET', run, 'step_names') or '[]')
            local first = names[1]
            -- A resumed run: the worker starts the step it resumes at (see has_step_states).
            if has_step_states(run, names) then first = nil end
            if first then
              -- The bytes StepState.jsonString() writes: sorted keys, absent fields left out.
              redis.call('HSET', run, 'step:' .. first,
                         '{"name":' .. cjson.encode(first) .. ',"started_at":' .. now .. ',"status":"running"}')
              redis.call('HDEL', prefix .. 'logs:' .. id, first)  -- as record_step does on step.started
              emit(prefix, id, 'step.started', {step = first, status = 'running'})
            end
          end
          -- More work left: make sure another idle worker wakes up for it.
          if redis.call('LLEN', KEYS[1]) + redis.call('LLEN', KEYS[2]) + redis.call('LLEN', KEYS[3]) > 0 then
            signal(KEYS[5])
          end
          return redis.call('HGETALL', run)
        end
      end
    end
    -- Nothing queued: tokens left over would only cause empty wake-ups.
    redis.call('DEL', KEYS[5])
    return false
    """#)

    static let heartbeat = LuaPrelude.script("heartbeat", #"""
    -- heartbeat: extends the lease of a running run held with this token.
    -- KEYS[1] run hash   KEYS[2] leases zset
    -- ARGV[1] run id   ARGV[2] attempt token   ARGV[3] lease in ms
    -- Returns 'ok', 'cancel' (a cancel was requested: stop the step), 'done' (the run's end with
    -- this token is recorded: the worker may be waiting for a replica to confirm it) or 'stale'
    -- (the lease is lost).
    local fields = redis.call('HMGET', KEYS[1], 'status', 'token', 'cancel_requested', 'finished_token')
    if fields[1] ~= 'running' or fields[2] ~= ARGV[2] then
      if fields[4] == ARGV[2] then return 'done' end
      return 'stale'
    end
    local deadline = now_ms() + tonumber(ARGV[3])
    redis.call('HSET', KEYS[1], 'lease_until', deadline)
    redis.call('ZADD', KEYS[2], 'XX', deadline, ARGV[1])
    if fields[3] == '1' then return 'cancel' end
    return 'ok'
    """#)

    static let release = LuaPrelude.script("release", #"""
    -- release: a draining worker hands its run back; it is queued again first in line, same attempt.
    -- A run whose cancel was requested is canceled instead.
    -- KEYS[1] run hash   KEYS[2] leases zset   KEYS[3] queue list of its priority   KEYS[4] signal list
    -- ARGV[1] key prefix   ARGV[2] run id   ARGV[3] attempt token   ARGV[4] retention ('RUNS:LOGS' seconds)
    -- Returns 'ok', 'canceled' or 'stale'.
    local prefix, id = ARGV[1], ARGV[2]
    local fields = redis.call('HMGET', KEYS[1], 'status', 'token', 'cancel_requested')
    if fields[1] ~= 'running' or fields[2] ~= ARGV[3] then return 'stale' end
    if fields[3] == '1' then
      redis.call('HSET', KEYS[1], 'outputs', 'null', 'error', cjson.encode({message = 'canceled'}))
      finish(prefix, id, 'canceled', now_ms(), ARGV[4])
      return 'canceled'
    end
    redis.call('HSET', KEYS[1], 'status', 'queued', 'queued_at', now_ms())
    redis.call('HDEL', KEYS[1], 'token', 'worker', 'lease_until')
    reset_unfinished_steps(KEYS[1])
    redis.call('ZREM', KEYS[2], id)
    redis.call('LPUSH', KEYS[3], id)
    signal(KEYS[4])
    emit(prefix, id, 'run.queued', {status = 'queued', reason = 'worker shut down'})
    return 'ok'
    """#)
}
