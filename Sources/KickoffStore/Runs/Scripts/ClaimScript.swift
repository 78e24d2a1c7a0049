import KickoffModel
import RedisClient

extension QueueScripts {
    static let claim = LuaPrelude.script("claim", #"""
    -- claim: takes the next run a worker may claim (FlowLua's take_next: its queues in its order,
    -- high to low priority, round-robin across fairness groups, only pipelines its file has) with a lease.
    -- KEYS[1] leases zset
    -- ARGV[1] key prefix   ARGV[2] worker name   ARGV[3] attempt token   ARGV[4] lease in ms
    -- ARGV[5] '1': also start the run's first step (its state and step.started, as record_step would
    --         store them): the worker starts it at once, and this spares a round trip before it does.
    --         Not for a run with step states already (resumed): its worker starts where it resumes.
    -- ARGV[6] the queues the worker serves, comma-separated, in the order to look at them
    -- ARGV[7] the pipelines its file has, comma-separated ('' : any)
    -- Returns the run's fields (as HGETALL), or false when nothing is queued for this worker.
    -- No queued run has its cancel requested, so the first step has no cancel to refuse here (as
    -- record_step does for the next ones): cancel ends a queued run at once, and every script that
    -- queues a running run again (release, fail_attempt, maintain) ends one whose cancel was
    -- requested as canceled instead. A cancel after the claim stops the first step at a heartbeat.
    local prefix, worker, token, lease = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
    local queues, held = {}, nil
    for name in string.gmatch(ARGV[6], '[^,]+') do queues[#queues + 1] = name end
    if ARGV[7] ~= '' then
      held = {}
      for name in string.gmatch(ARGV[7], '[^,]+') do held[name] = true end
    end
    local now = now_ms()
    local id, queue = take_next(prefix, queues, held)
    if not id then
      -- Nothing queued in a queue: tokens left over would only cause empty wake-ups. (A queue that
      -- still holds runs keeps its tokens: they are for workers that have those pipelines.)
      for _, name in ipairs(queues) do
        if not queue_has_runs(prefix, name) then redis.call('DEL', prefix .. 'signal:' .. name) end
      end
      return false
    end
    local run = prefix .. 'run:' .. id
    redis.call('HSET', run, 'status', 'running', 'worker', worker, 'token', token,
               'started_at', now, 'lease_until', now + lease)
    redis.call('HDEL', run, 'not_before')
    redis.call('ZADD', KEYS[1], now + lease, id)
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
    if queue_has_runs(prefix, queue) then
      signal(prefix .. 'signal:' .. queue)
    end
    return redis.call('HGETALL', run)
    """#)

    static let heartbeat = LuaPrelude.script("heartbeat", #"""
    -- heartbeat: extends the lease of a running run held with this token.
    -- KEYS[1] run hash   KEYS[2] leases zset   KEYS[3] the packed run (once finished; absent from older callers)
    -- ARGV[1] run id   ARGV[2] attempt token   ARGV[3] lease in ms
    -- Returns 'ok', 'cancel' (a cancel was requested: stop the step), 'done' (the run's end with
    -- this token is recorded: the worker may be waiting for a replica to confirm it) or 'stale'
    -- (the lease is lost).
    local fields = redis.call('HMGET', KEYS[1], 'status', 'token', 'cancel_requested', 'finished_token')
    if fields[1] ~= 'running' or fields[2] ~= ARGV[2] then
      if fields[4] == ARGV[2] then return 'done' end
      if not fields[1] and KEYS[3] then
        local packed = packed_fields(KEYS[3])
        if packed and packed['finished_token'] == ARGV[2] then return 'done' end
      end
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
    -- KEYS[1] run hash   KEYS[2] leases zset   KEYS[3], KEYS[4] unused (were the queue and signal lists)
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
    queue_push(prefix, id, true)  -- first in line; it keeps its concurrency slots
    emit(prefix, id, 'run.queued', {status = 'queued', reason = 'worker shut down'})
    return 'ok'
    """#)
}
