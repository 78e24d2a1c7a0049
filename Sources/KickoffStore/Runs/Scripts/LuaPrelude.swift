import RedisClient

/// Helpers prepended to every queue script. Time comes from the server (`TIME`), so workers on
/// hosts with skewed clocks still agree on leases and due times.
enum LuaPrelude {
    static let source = #"""
    local function now_ms()
      local t = redis.call('TIME')
      return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    end

    -- A run's first event (run.queued or run.scheduled) as JSON, written the same way here and by the
    -- readers that make it up while it is not stored yet (InitialRunEvent).
    local function first_event_json(id, status)
      return '{"run_id":"' .. id .. '","status":"' .. status .. '","type":"run.' .. status .. '"}'
    end

    -- A run's stream is created only with its second event, and the first one (queued or scheduled,
    -- at id <created_at>-0) is written then: a stream costs a whole listpack node (about 4.8 KB with
    -- Redis's defaults), five times the rest of a queued run. Until then readers make up the first
    -- event from the record, with the same id and data.
    local function store_first_event(prefix, id, stream)
      local created = redis.call('HMGET', prefix .. 'run:' .. id, 'created_at', 'created_as')
      if not created[1] then return end
      local status = created[2] or 'queued'
      redis.call('XADD', stream, created[1] .. '-0', 'type', 'run.' .. status, 'data', first_event_json(id, status))
    end

    -- Appends an event to the run's stream (read by SSE, from any point) and publishes it
    -- (read by waiting callers). fields: a table merged into the event's JSON data.
    local function emit(prefix, id, kind, fields)
      local data = fields or {}
      data['run_id'] = id
      data['type'] = kind
      local json = cjson.encode(data)
      local stream = prefix .. 'events:' .. id
      if redis.call('EXISTS', stream) == 0 then store_first_event(prefix, id, stream) end
      local event_id = redis.call('XADD', stream, 'MAXLEN', '~', 1000, '*', 'type', kind, 'data', json)
      redis.call('PUBLISH', prefix .. 'events', json)
      return event_id
    end

    -- The signal lists this call pushed (a set): a script run as its `WakeReporting` variant (with
    -- partitions) answers them beside its own answer, so that its caller wakes the idle workers of
    -- those queues, who wait on the namespace's lists, not on a partition's.
    local signalled = {}

    -- One wake-up token for an idle worker, bounded so an unattended queue cannot grow it forever.
    local function signal(key)
      signalled[key] = true
      if redis.call('LLEN', key) < 1000 then redis.call('RPUSH', key, '1') end
    end

    \#(FlowLua.source)
    \#(HistoryLua.source)
    -- Stores a new run and queues it, or schedules it when delayed (the enqueue script, and the
    -- scheduler's fire script in the same transaction as its tick).
    -- keys: {run hash, (unused: was the queue list), delayed zset, runs index, pipeline index, (unused: was the signal list)}
    -- fields: field, value pairs of the run record. Returns status, created_at; or nil when the id exists.
    local function store_run(keys, prefix, id, delay, fields)
      if redis.call('EXISTS', keys[1], prefix .. 'done:' .. id) > 0 then return nil end
      local now = now_ms()
      local status = 'queued'
      if delay > 0 then status = 'scheduled' end
      redis.call('HSET', keys[1], 'id', id, 'status', status, 'created_at', now, 'attempt', 1, unpack(fields))
      if delay > 0 then
        redis.call('HSET', keys[1], 'not_before', now + delay, 'created_as', status)
        redis.call('ZADD', keys[3], now + delay, id)
      else
        redis.call('HSET', keys[1], 'queued_at', now)
        admit(prefix, id, false)  -- in line, or waiting for a concurrency slot (FlowLua)
      end
      redis.call('ZADD', keys[4], now, id)
      redis.call('ZADD', keys[5], now, id)
      redis.call('SADD', prefix .. 'pipelines', redis.call('HGET', keys[1], 'pipeline'))
      -- Published now; stored in the run's stream only with its next event (see store_first_event).
      redis.call('PUBLISH', prefix .. 'events', first_event_json(id, status))
      return status, now
    end

    -- A retention argument: 'RUNS:LOGS' in seconds (how long finished runs and their events stay,
    -- and how long their logs do), or one number for both.
    local function retention_parts(text)
      local runs, logs = string.match(tostring(text), '^(%d+):(%d+)$')
      if runs then return tonumber(runs), tonumber(logs) end
      return tonumber(text), tonumber(text)
    end

    -- Keeps a finished run and its events readable for the retention period, its logs for theirs.
    local function retain(prefix, id, retention)
      local runs, logs = retention_parts(retention)
      redis.call('EXPIRE', prefix .. 'run:' .. id, runs)
      redis.call('EXPIRE', prefix .. 'logs:' .. id, logs)
      redis.call('EXPIRE', prefix .. 'events:' .. id, runs)
    end

    -- The webhook outbox: one delivery per target of the run's final event, due now. Targets: the
    -- run's callback_url and every configured endpoint subscribed to the event (no events: all).
    -- Written here, in the script that finishes the run, so no final state goes without its event.
    -- The event id is stable (one final event per run) so receivers can dedupe retries by it.
    local function record_webhooks(prefix, id, status, now)
      local run = prefix .. 'run:' .. id
      local kind = 'run.' .. status
      local event = 'msg_' .. string.gsub(id, '-', '')
      local targets = {}
      local callback = redis.call('HGET', run, 'callback_url')
      if callback and callback ~= '' then table.insert(targets, {'callback', callback}) end
      local endpoints = redis.call('HGETALL', prefix .. 'webhooks:endpoints')
      for i = 1, #endpoints, 2 do
        local ok, endpoint = pcall(cjson.decode, endpoints[i + 1])
        if ok and type(endpoint) == 'table' and type(endpoint['url']) == 'string' then
          local events = endpoint['events']
          local wanted = type(events) ~= 'table' or #events == 0
          if not wanted then
            for _, name in ipairs(events) do if name == kind then wanted = true end end
          end
          if wanted then table.insert(targets, {endpoints[i], endpoint['url']}) end
        end
      end
      local deliveries = {}
      for _, target in ipairs(targets) do
        local delivery = id .. '_' .. target[1]
        table.insert(deliveries, delivery)
        redis.call('HSET', prefix .. 'webhook:' .. delivery, 'id', delivery, 'event_id', event, 'run_id', id,
                   'type', kind, 'url', target[2], 'target', target[1], 'attempts', 0, 'state', 'pending',
                   'event_at', now, 'due_at', now)
        redis.call('ZADD', prefix .. 'webhooks:due', now, delivery)
      end
      -- So that a purge finds every delivery of the run, even to an endpoint removed since.
      if #deliveries > 0 then redis.call('HSET', run, 'webhooks', cjson.encode(deliveries)) end
    end

    \#(RunEventHistory.luaSource)
    \#(PackedRunLua.source)
    -- Final state of a run: one place, so every path to a final state does the same.
    local function finish(prefix, id, status, now, retention, extra)
      local run = prefix .. 'run:' .. id
      redis.call('HSET', run, 'status', status, 'finished_at', now)
      redis.call('HDEL', run, 'token', 'lease_until', 'not_before')
      redis.call('ZREM', prefix .. 'leases', id)
      redis.call('HINCRBY', prefix .. 'stats', 'finished:' .. status, 1)
      history_run_finished(prefix, id, status, now)
      local fields = extra or {}
      fields['status'] = status
      emit(prefix, id, 'run.' .. status, fields)
      retain(prefix, id, retention)
      local history = fold_events(prefix, id)  -- the stream goes: its events stay, folded
      record_webhooks(prefix, id, status, now)
      flow_end(prefix, id)
      -- Last, once nothing more is written to the record: one string instead of three keys
      -- (PackedRunLua); else the folded events alone.
      local runs, logs = retention_parts(retention)
      if history and not pack_run(prefix, id, history, runs, logs) then
        redis.call('SET', prefix .. 'history:' .. id, history, 'EX', runs)
      end
    end

    """#

    static func script(_ name: String, _ body: String) -> RedisScript {
        RedisScript(name: name, source: source + resumeSource + body)
    }

    /// A script Redis runs even when it is at `maxmemory` under `noeviction` (flag `allow-oom`, Redis 7):
    /// for the few small writes that must work on a full Redis (cancel), which would otherwise fail at
    /// their first write. The flag line must be the source's first.
    static func scriptAllowedWhenFull(_ name: String, _ body: String) -> RedisScript {
        RedisScript(name: name, source: OutOfMemoryFlag.shebang + source + body)
    }
}
