import RedisClient

extension QueueScripts {
    static let maintain = LuaPrelude.script("maintain", #"""
    -- maintain: queues delayed runs that are due, and reclaims running runs whose lease expired
    -- (their worker died or lost Redis): queued again with the same attempt (a lost worker is not the
    -- pipeline's failure; `reclaims` counts it), resuming at its first step not succeeded, or failed
    -- once it has lost more than `max_reclaims` workers; drops index entries of runs that have expired.
    -- One worker of the fleet runs it about once a second, the elected maintainer (ARGV[6]: its
    -- token; `presence` elects it, this renews it); it costs a few ZRANGEBYSCOREs when idle.
    -- After an outage (Redis down, paused or partitioned) nobody could heartbeat: the leases that ran
    -- out meanwhile belong to live workers. The caller says how long it could not reach Redis just
    -- before; when that and the gap since the last maintenance both exceed the threshold, every lease
    -- is extended by the gap (nobody could heartbeat during it) instead of being reclaimed. A gap alone
    -- is no outage: it is also what a queue looks like when every worker was dead, and their runs must
    -- be reclaimed.
    -- Runs still in the lists of before named queues are moved in line (migrate_legacy_queues).
    -- KEYS[1] delayed zset   KEYS[2] leases zset   KEYS[3] unused (was the signal list)   KEYS[4] stats hash
    -- KEYS[5] last-maintenance time (string, ms)
    -- ARGV[1] key prefix   ARGV[2] retention ('RUNS:LOGS' seconds)   ARGV[3] most runs handled per call
    -- ARGV[4] an outage shorter than this (ms) extends nothing
    -- ARGV[5] how long the caller could not reach Redis before this call (ms)
    -- ARGV[6] the caller's maintainer token ('' : maintain regardless, as tests and tools do)
    -- ARGV[7] the maintainer lease (ms), renewed here for the holder of ARGV[6]
    -- Returns {promoted, reclaimed, failed, {pipeline, status, …} of the runs it finished, 1}; the
    -- last element is 0 (and nothing is done) when another process holds the maintainer lease.
    local prefix, retention, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
    if ARGV[6] and ARGV[6] ~= '' then
      local holder = redis.call('GET', prefix .. 'maintainer')
      if holder and holder ~= ARGV[6] then return {0, 0, 0, {}, 0} end
      redis.call('SET', prefix .. 'maintainer', ARGV[6], 'PX', ARGV[7])
    end
    local now = now_ms()
    local promoted, reclaimed, failed, finished = 0, 0, 0, {}

    local last = tonumber(redis.call('GET', KEYS[5]) or now)
    redis.call('SET', KEYS[5], now)
    local gap = now - last
    if gap > tonumber(ARGV[4]) and tonumber(ARGV[5]) > tonumber(ARGV[4]) then
      local leases = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
      for i = 1, #leases, 2 do
        redis.call('ZADD', KEYS[2], tonumber(leases[i + 1]) + gap, leases[i])
      end
    end

    for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)) do
      redis.call('ZREM', KEYS[1], id)
      local run = prefix .. 'run:' .. id
      local fields = redis.call('HMGET', run, 'status', 'priority')
      if fields[1] == 'scheduled' or fields[1] == 'queued' then
        redis.call('HSET', run, 'status', 'queued', 'queued_at', now)
        redis.call('HDEL', run, 'not_before')
        flow_due(prefix, id)
        admit(prefix, id, false)  -- in line, or waiting for a concurrency slot
        emit(prefix, id, 'run.queued', {status = 'queued', reason = 'due'})
        promoted = promoted + 1
      end
    end

    for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)) do
      redis.call('ZREM', KEYS[2], id)
      local run = prefix .. 'run:' .. id
      local fields = redis.call('HMGET', run, 'status', 'priority', 'attempt', 'max_reclaims', 'cancel_requested', 'worker', 'pipeline')
      if fields[1] == 'running' then
        local attempt = tonumber(fields[3])
        local lost = 'worker ' .. (fields[6] or '?') .. ' lost its lease on attempt ' .. attempt
        if fields[5] == '1' then
          redis.call('HSET', run, 'outputs', 'null', 'error', cjson.encode({message = 'canceled; ' .. lost}))
          finish(prefix, id, 'canceled', now, retention)
          finished[#finished + 1] = fields[7] or '?'
          finished[#finished + 1] = 'canceled'
        else
          -- A lost worker is not the pipeline's failure: no attempt is counted. A run that keeps
          -- losing its worker (a step that kills it) fails after max_reclaims.
          local reclaims = redis.call('HINCRBY', run, 'reclaims', 1)
          local max_reclaims = tonumber(fields[4] or '3') or 3
          redis.call('HINCRBY', KEYS[4], 'reclaimed', 1)
          if reclaims <= max_reclaims then
            redis.call('HSET', run, 'status', 'queued', 'queued_at', now)
            redis.call('HDEL', run, 'token', 'worker', 'lease_until')
            reset_unfinished_steps(run)
            -- First in line: it has waited already.
            queue_push(prefix, id, true)  -- it keeps its concurrency slots
            emit(prefix, id, 'run.queued', {status = 'queued', reason = 'lease expired', attempt = attempt, reclaims = reclaims})
            reclaimed = reclaimed + 1
          else
            local steps = fail_running_steps(run, 'its worker was lost', now)
            local step = steps[1]
            local workers = ' workers'
            if reclaims == 1 then workers = ' worker' end
            local err = {message = 'the run lost ' .. reclaims .. workers .. ' (max_reclaims ' .. max_reclaims ..
                         ') while step ' .. (step or '(none)') .. ' was running; ' .. lost}
            err['step'] = step
            redis.call('HSET', run, 'outputs', 'null', 'error', cjson.encode(err))
            finish(prefix, id, 'failed', now, retention, {error = err})
            finished[#finished + 1] = fields[7] or '?'
            finished[#finished + 1] = 'failed'
            failed = failed + 1
          end
        end
      end
    end
    migrate_legacy_queues(prefix, limit)
    repair_slots(prefix, 10)
    -- Index entries older than the retention whose run has expired; a run scheduled further ahead
    -- (or queued that long) still exists and keeps its entry.
    local horizon = now - retention_parts(retention) * 1000
    local indexes = {prefix .. 'runs'}
    for _, pipeline in ipairs(redis.call('SMEMBERS', prefix .. 'pipelines')) do
      indexes[#indexes + 1] = prefix .. 'runs:pipeline:' .. pipeline
    end
    for _, index in ipairs(indexes) do
      for _, id in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', horizon, 'LIMIT', 0, limit)) do
        if redis.call('EXISTS', prefix .. 'run:' .. id, prefix .. 'done:' .. id) == 0 then redis.call('ZREM', index, id) end
      end
    end
    return {promoted, reclaimed, failed, finished, 1}
    """#)
}
