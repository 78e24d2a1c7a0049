import RedisClient

/// Helpers prepended to every queue script. Time comes from the server (`TIME`), so workers on
/// hosts with skewed clocks still agree on leases and due times.
enum LuaPrelude {
    static let source = #"""
    local function now_ms()
      local t = redis.call('TIME')
      return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    end

    -- Appends an event to the run's stream (read by SSE, from any point) and publishes it
    -- (read by waiting callers). fields: a table merged into the event's JSON data.
    local function emit(prefix, id, kind, fields)
      local data = fields or {}
      data['run_id'] = id
      data['type'] = kind
      local json = cjson.encode(data)
      local stream = prefix .. 'events:' .. id
      local event_id = redis.call('XADD', stream, 'MAXLEN', '~', 1000, '*', 'type', kind, 'data', json)
      redis.call('PUBLISH', prefix .. 'events', json)
      return event_id
    end

    -- One wake-up token for an idle worker, bounded so an unattended queue cannot grow it forever.
    local function signal(key)
      if redis.call('LLEN', key) < 1000 then redis.call('RPUSH', key, '1') end
    end

    -- Forgets the steps' state of an attempt: absent step fields read as pending.
    local function reset_steps(run)
      local names = redis.call('HGET', run, 'step_names')
      if names then
        for _, name in ipairs(cjson.decode(names)) do redis.call('HDEL', run, 'step:' .. name) end
      end
    end

    -- Keeps a finished run, its logs and its events readable for the retention period.
    local function retain(prefix, id, seconds)
      redis.call('EXPIRE', prefix .. 'run:' .. id, seconds)
      redis.call('EXPIRE', prefix .. 'logs:' .. id, seconds)
      redis.call('EXPIRE', prefix .. 'events:' .. id, seconds)
    end

    -- Final state of a run: one place, so every path to a final state does the same.
    local function finish(prefix, id, status, now, retention, extra)
      local run = prefix .. 'run:' .. id
      redis.call('HSET', run, 'status', status, 'finished_at', now)
      redis.call('HDEL', run, 'token', 'lease_until', 'not_before')
      redis.call('ZREM', prefix .. 'leases', id)
      redis.call('HINCRBY', prefix .. 'stats', 'finished:' .. status, 1)
      local fields = extra or {}
      fields['status'] = status
      emit(prefix, id, 'run.' .. status, fields)
      retain(prefix, id, retention)
    end

    """#

    static func script(_ name: String, _ body: String) -> RedisScript {
        RedisScript(name: name, source: source + body)
    }
}
