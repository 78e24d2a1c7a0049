/// The queue scripts' side of `PackedRun`: `pack_run` packs a run that just ended into one string
/// (`{ns}:done:<id>`), `packed_fields` reads a packed run's record fields back (the few scripts that
/// look at finished runs: a repeated finish or heartbeat, cancel, purge, maintenance). Part of the
/// prelude (`LuaPrelude`).
enum PackedRunLua {
    static let source = #"""
    -- Bytes that separate a packed run's parts (PackedRun): never in JSON text, ids or names. A value
    -- that holds one anyway (a log line with raw control bytes) is not packed: it keeps its own key.
    local PACK_SEPARATORS = '[\29\30\31]'

    -- 'name\31value' pairs joined by '\30', from a flat {name, value, …} list; nil when a name or a
    -- value holds a separator. `skip`: a name left out.
    local function pack_pairs(list, skip)
      local parts = {}
      for i = 1, #list, 2 do
        if list[i] ~= skip then
          if string.find(list[i], PACK_SEPARATORS) or string.find(list[i + 1], PACK_SEPARATORS) then return nil end
          parts[#parts + 1] = list[i] .. '\31' .. list[i + 1]
        end
      end
      return table.concat(parts, '\30')
    end

    -- A run that just ended, packed into one string kept for `runs_seconds`: 'p', its record's fields
    -- (all but id, which the key gives), '\29', its folded events (`history`), and, when its logs are
    -- kept as long as the run ('\29' and its logs' step, text pairs). A hash with a value longer than
    -- 64 bytes costs a dict entry and two strings per field; one string costs its bytes. The record
    -- and the logs hash are deleted; the stream is already on its way out (fold_events).
    -- Returns false (nothing done) when something cannot be packed: the run keeps the old layout.
    local function pack_run(prefix, id, history, runs_seconds, logs_seconds)
      local run, logs = prefix .. 'run:' .. id, prefix .. 'logs:' .. id
      local record = pack_pairs(redis.call('HGETALL', run), 'id')
      if not record or record == '' or string.find(history, PACK_SEPARATORS) then return false end
      local value = 'p' .. record .. '\29' .. history
      local with_logs = runs_seconds == logs_seconds
      if with_logs then
        local section = pack_pairs(redis.call('HGETALL', logs))
        if section then value = value .. '\29' .. section else with_logs = false end
      end
      redis.call('SET', prefix .. 'done:' .. id, value, 'EX', runs_seconds)
      redis.call('DEL', run)
      if with_logs then redis.call('DEL', logs) end
      return true
    end

    -- The record fields of the packed run at `key` (`{ns}:done:<id>`), nil when there is none: all of
    -- them from a plain value ('p'), from a deflated one ('z') those it keeps readable (PackedRun:
    -- status, finished_at, pipeline, finished_token, webhooks).
    local function packed_fields(key)
      local value = redis.call('GET', key)
      if not value then return nil end
      local kind = string.sub(value, 1, 1)
      if kind ~= 'p' and kind ~= 'z' then return nil end
      local fields = {}
      local record = string.match(value, '^.([^\29]*)')
      for pair in string.gmatch(record, '[^\30]+') do
        local name, text = string.match(pair, '^([^\31]*)\31(.*)$')
        if name then fields[name] = text end
      end
      return fields
    end
    """#
}
