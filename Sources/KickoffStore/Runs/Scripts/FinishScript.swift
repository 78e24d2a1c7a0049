import RedisClient

extension QueueScripts {
    static let finish = LuaPrelude.script("finish", #"""
    -- finish: the final state of an attempt that holds the token: succeeded, failed or canceled.
    -- Refused ('stale') when the token is not the run's current one: a worker that lost its lease
    -- cannot overwrite the run another worker now holds or has finished.
    -- KEYS[1] run hash   KEYS[2] leases zset   KEYS[3] logs hash   KEYS[4] events stream
    -- ARGV[1] key prefix   ARGV[2] run id   ARGV[3] attempt token   ARGV[4] status
    -- ARGV[5] outputs JSON   ARGV[6] error JSON ('null' for none)   ARGV[7] retention ('RUNS:LOGS' seconds)
    -- ARGV[8] ':ended' when ARGV[9..13] are the step that ended just now, as record_step takes it (one
    --         call instead of two for a run's last step): its name, state JSON, event type, '1' when
    --         ARGV[13] holds its logs, the logs. (':ended' is no step name: names have no ':'.)
    -- ARGV[8 or 14..] step name, step state JSON pairs (steps that did not run: skipped, canceled)
    -- Returns {'ok', the run packed (PackedRunLua; nil when it could not be packed)}: the worker stores
    -- it deflated without reading it back; or 'done' (this token's end is recorded already: a
    -- repeat) or 'stale'.
    -- The token is kept as 'finished_token', so a repeat after an unconfirmed WAIT or a lost reply
    -- is told from a run that another attempt holds or ended. A repeat sets that field again: a
    -- write of this connection for the WAIT behind it, which replicas have only after the end.
    local prefix, id, token, status = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
    local fields = redis.call('HMGET', KEYS[1], 'status', 'token', 'finished_token')
    if fields[1] ~= 'running' or fields[2] ~= token then
      if not fields[1] then
        -- Packed already (PackedRunLua): the same answer, and the same value written again.
        local done = prefix .. 'done:' .. id
        local packed = packed_fields(done)
        if not packed or packed['finished_token'] ~= token then return 'stale' end
        redis.call('SET', done, redis.call('GET', done), 'KEEPTTL')
        return 'done'
      end
      if fields[3] ~= token then return 'stale' end
      redis.call('HSET', KEYS[1], 'finished_token', token)
      return 'done'
    end
    local first = 8
    if ARGV[8] == ':ended' then
      local step = ARGV[9]
      redis.call('HSET', KEYS[1], 'step:' .. step, ARGV[10])
      if ARGV[12] == '1' then redis.call('HSET', KEYS[3], step, ARGV[13]) end
      local state = cjson.decode(ARGV[10])
      emit(prefix, id, ARGV[11], {step = step, status = state['status'], exit_code = state['exit_code']})
      first = 14
    end
    redis.call('HSET', KEYS[1], 'outputs', ARGV[5], 'error', ARGV[6], 'finished_token', token)
    for i = first, #ARGV, 2 do redis.call('HSET', KEYS[1], 'step:' .. ARGV[i], ARGV[i + 1]) end
    finish(prefix, id, status, now_ms(), ARGV[7])
    return {'ok', redis.call('GET', prefix .. 'done:' .. id)}
    """#)

    static let failAttempt = LuaPrelude.script("fail_attempt", #"""
    -- fail_attempt: a step failed or the run timed out. While attempts remain the run is queued again
    -- after the backoff (attempt + 1); after the last one it is failed.
    -- KEYS[1] run hash   KEYS[2] leases zset   KEYS[3] delayed zset   KEYS[4], KEYS[5] unused (were the
    -- queue and signal lists)
    -- ARGV[1] key prefix   ARGV[2] run id   ARGV[3] attempt token   ARGV[4] error JSON
    -- ARGV[5] backoff in ms before the next attempt   ARGV[6] retention ('RUNS:LOGS' seconds)
    -- ARGV[7..] step name, step state JSON pairs applied only when the run fails for good
    -- Returns 'retrying', 'failed', 'canceled' (a cancel was requested: no retry) or 'stale'.
    local prefix, id, token = ARGV[1], ARGV[2], ARGV[3]
    local fields = redis.call('HMGET', KEYS[1], 'status', 'token', 'attempt', 'max_attempts', 'cancel_requested')
    if fields[1] ~= 'running' or fields[2] ~= token then return 'stale' end
    local attempt, max_attempts = tonumber(fields[3]), tonumber(fields[4])
    redis.call('HSET', KEYS[1], 'error', ARGV[4])
    if fields[5] == '1' then
      for i = 7, #ARGV, 2 do redis.call('HSET', KEYS[1], 'step:' .. ARGV[i], ARGV[i + 1]) end
      redis.call('HSET', KEYS[1], 'outputs', 'null')
      finish(prefix, id, 'canceled', now_ms(), ARGV[6], {error = cjson.decode(ARGV[4])})
      return 'canceled'
    end
    if attempt < max_attempts then
      local now, backoff = now_ms(), tonumber(ARGV[5])
      redis.call('HSET', KEYS[1], 'status', 'queued', 'attempt', attempt + 1)
      redis.call('HDEL', KEYS[1], 'token', 'worker', 'lease_until')
      reset_unfinished_steps(KEYS[1])
      redis.call('ZREM', KEYS[2], id)
      redis.call('HINCRBY', prefix .. 'stats', 'retried', 1)
      if backoff > 0 then
        redis.call('HSET', KEYS[1], 'not_before', now + backoff)
        redis.call('ZADD', KEYS[3], now + backoff, id)
      else
        redis.call('HSET', KEYS[1], 'queued_at', now)
        queue_push(prefix, id, false)  -- it keeps its concurrency slots
      end
      emit(prefix, id, 'run.queued', {status = 'queued', reason = 'retry', attempt = attempt + 1,
           retry_in_ms = backoff, error = cjson.decode(ARGV[4])})
      return 'retrying'
    end
    for i = 7, #ARGV, 2 do redis.call('HSET', KEYS[1], 'step:' .. ARGV[i], ARGV[i + 1]) end
    finish(prefix, id, 'failed', now_ms(), ARGV[6], {error = cjson.decode(ARGV[4])})
    return 'failed'
    """#)
}
