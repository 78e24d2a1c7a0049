import RedisClient

extension QueueScripts {
    static let enqueue = LuaPrelude.script("enqueue", RateLimiter.takeTokenLua + #"""
    -- enqueue: stores a new run and queues it, or schedules it when delayed; all or nothing.
    -- Flow control first (FlowLua): a debounced trigger joins the run gathering its key's triggers;
    -- a full concurrency slot with on_limit 'skip' refuses the run, with 'cancel_running' cancels
    -- the runs holding it (the new run waits for the slot); a run goes in line only with a slot of
    -- each of its rules (else it waits in a slot's list).
    -- KEYS[1] run hash          KEYS[2] (unused: was the queue list)   KEYS[3] delayed zset
    -- KEYS[4] runs index zset   KEYS[5] pipeline index zset            KEYS[6] (unused: was the signal list)
    -- ARGV[1] key prefix   ARGV[2] run id   ARGV[3] delay in ms (0: now)
    -- ARGV[4] retention ('RUNS:LOGS' seconds, for runs that cancel_running ends at once)
    -- KEYS[7] {ns}:keys (API keys by digest)   KEYS[8] the key's rate-limit bucket (KEYS[7] when none)
    -- ARGV[5] digest of the trigger's API key ('' : no check)   ARGV[6] its record's JSON as the front remembers it
    -- ARGV[7] the key's rate limit, tokens per second ('' : none)   ARGV[8] its burst
    -- ARGV[9..] field, value pairs of the run record
    -- Returns {status, created_at, waiting_for JSON ('' when in line)}; {'debounced', run id, created_at} when the trigger joined a
    -- debounced run; {'skipped', id of a run holding the slot}; {'key_changed'} when the key's stored
    -- record is not ARGV[6] (revoked, changed); {'rate_limited', ms until a token} (nothing stored for either).
    local prefix, id, delay, retention = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
    -- The key check the front left to this call (TriggerKeyCheck): before anything is stored.
    if ARGV[5] ~= '' then
      if redis.call('HGET', KEYS[7], ARGV[5]) ~= ARGV[6] then return {'key_changed'} end
      if ARGV[7] ~= '' then
        local allowed, wait = take_token(KEYS[8], tonumber(ARGV[7]), tonumber(ARGV[8]), 1)
        if allowed == 0 then return {'rate_limited', wait} end
      end
    end
    local fields = {unpack(ARGV, 9)}
    local given = {}
    for i = 1, #fields, 2 do given[fields[i]] = fields[i + 1] end

    local debounce = given['debounce_slot']
    if debounce then
      local existing = redis.call('GET', prefix .. 'debounce:' .. debounce)
      if existing then
        local run = prefix .. 'run:' .. existing
        local state = redis.call('HMGET', run, 'status', 'debounce_first', 'created_at')
        if state[1] == 'scheduled' then
          -- The latest trigger's parameters (and every other field it gives) win.
          redis.call('HSET', run, unpack(fields))
          local triggers = redis.call('HINCRBY', run, 'debounced_triggers', 1)
          local due = math.min(now_ms() + tonumber(given['debounce_window']),
                               tonumber(state[2]) + tonumber(given['debounce_max_wait']))
          redis.call('HSET', run, 'not_before', due)
          redis.call('ZADD', KEYS[3], due, existing)
          emit(prefix, existing, 'run.debounced', {status = 'scheduled', debounced_triggers = triggers, not_before = due})
          return {'debounced', existing, state[3]}
        end
      end
      delay = math.min(tonumber(given['debounce_window']), tonumber(given['debounce_max_wait']))
    end

    local ok, slots = pcall(cjson.decode, given['concurrency'] or '[]')
    if not ok or type(slots) ~= 'table' then slots = {} end
    for _, s in ipairs(slots) do
      local holders = prefix .. 'slot:' .. s['slot']
      if redis.call('SCARD', holders) >= tonumber(s['limit']) then
        local held_by = redis.call('SORT', holders, 'ALPHA', 'LIMIT', 0, 1)[1]
        if s['on_limit'] == 'skip' then return {'skipped', held_by} end
        if s['on_limit'] == 'cancel_running' then
          for _, holder in ipairs(redis.call('SMEMBERS', holders)) do
            local run = prefix .. 'run:' .. holder
            local status = redis.call('HGET', run, 'status')
            if status == 'queued' then
              queue_remove(prefix, holder)
              redis.call('HSET', run, 'outputs', 'null', 'error', cjson.encode({message = 'canceled by run ' .. id .. ' (concurrency on_limit: cancel_running)'}))
              finish(prefix, holder, 'canceled', now_ms(), retention)
            elseif status == 'running' and redis.call('HGET', run, 'cancel_requested') ~= '1' then
              redis.call('HSET', run, 'cancel_requested', '1')
              emit(prefix, holder, 'run.cancel_requested', {status = 'running', by = id})
            end
          end
        end
      end
    end

    local status, now = store_run(KEYS, prefix, id, delay, fields)
    if not status then return redis.error_reply('EXISTS run ' .. id .. ' already exists') end
    if debounce then
      redis.call('HSET', KEYS[1], 'debounce_first', now, 'debounced_triggers', 1,
                 'waiting_for', cjson.encode({reason = 'debounce'}))
      redis.call('SET', prefix .. 'debounce:' .. debounce, id, 'PX', tonumber(given['debounce_max_wait']) + 60000)
      redis.call('SADD', prefix .. 'debouncing', id)
    end
    return {status, now, redis.call('HGET', KEYS[1], 'waiting_for') or ''}
    """#)
}

/// The queue's Lua scripts: each is one atomic state change; its header lists KEYS and ARGV.
public enum QueueScripts {}
