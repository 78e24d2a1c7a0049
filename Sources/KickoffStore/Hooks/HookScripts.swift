import RedisClient

/// The inbound hooks' Lua scripts: each is one atomic change; its header lists KEYS and ARGV.
enum HookScripts {
    /// What both accept scripts (this one, and `acceptPending` with partitions) do with the delivery
    /// id: a duplicate only records itself; a new delivery is remembered with its runs.
    static let deliveryLua = #"""
    -- A delivery id seen within the window: recorded as a duplicate; returns the hook_accept answer
    -- {'duplicate', run ids JSON, first outcome}, nil when the id is new.
    local function hook_duplicate(id_key, stream, counts, delivery, event, kept)
      local prior = redis.call('GET', id_key)
      if not prior then return nil end
      local space = string.find(prior, ' ', 1, true)
      local first, runs = string.sub(prior, 1, space - 1), string.sub(prior, space + 1)
      redis.call('XADD', stream, 'MAXLEN', '~', kept, '*', 'delivery', delivery, 'event', event, 'outcome', 'duplicate', 'runs', runs)
      redis.call('HINCRBY', counts, 'duplicate', 1)
      return {'duplicate', runs, first}
    end

    -- A new delivery: its id remembered for the window with its outcome and runs, recorded and counted.
    local function hook_remember(id_key, stream, counts, window, delivery, event, outcome, kept, runs)
      redis.call('SET', id_key, outcome .. ' ' .. runs, 'PX', window)
      redis.call('XADD', stream, 'MAXLEN', '~', kept, '*', 'delivery', delivery, 'event', event, 'outcome', outcome, 'runs', runs)
      redis.call('HINCRBY', counts, outcome, 1)
    end

    """#

    static let accept = LuaPrelude.script("hook_accept", deliveryLua + #"""
    -- hook_accept: one verified delivery of a source, all or nothing: when its id was seen within the
    -- window, it only records the duplicate and returns the runs made then; otherwise it stores and
    -- queues every run of the delivery (as enqueue does) and remembers the id with them. Two copies
    -- of a delivery at once are two calls of this script, one after the other: one run.
    -- KEYS[1] delivery id key   KEYS[2] deliveries stream   KEYS[3] counts hash
    -- KEYS[4..] per run, the enqueue keys: run hash, queue list, delayed zset, runs index, pipeline index, signal list
    -- ARGV[1] key prefix   ARGV[2] window in ms   ARGV[3] delivery id   ARGV[4] event ('' for none)
    -- ARGV[5] outcome when new: created | filtered   ARGV[6] deliveries kept   ARGV[7] number of runs
    -- ARGV[8..] per run: run id, delay in ms, number of record values n, then n field, value items
    -- Returns {ARGV[5], run ids JSON, created_at}, or {'duplicate', run ids JSON, first outcome}.
    local duplicate = hook_duplicate(KEYS[1], KEYS[2], KEYS[3], ARGV[3], ARGV[4], ARGV[6])
    if duplicate then return duplicate end
    local count = tonumber(ARGV[7])
    local calls, at = {}, 8
    for r = 1, count do
      local n = tonumber(ARGV[at + 2])
      local k = 3 + (r - 1) * 6
      if redis.call('EXISTS', KEYS[k + 1]) == 1 then
        return redis.error_reply('EXISTS run ' .. ARGV[at] .. ' already exists')
      end
      table.insert(calls, {{KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], KEYS[k + 5], KEYS[k + 6]},
                           ARGV[at], tonumber(ARGV[at + 1]), {unpack(ARGV, at + 3, at + 2 + n)}})
      at = at + 3 + n
    end
    local ids, now = {}, now_ms()
    for _, call in ipairs(calls) do
      local _, created = store_run(call[1], ARGV[1], call[2], call[3], call[4])
      now = created
      table.insert(ids, '"' .. call[2] .. '"')
    end
    local runs = '[' .. table.concat(ids, ',') .. ']'
    hook_remember(KEYS[1], KEYS[2], KEYS[3], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], runs)
    return {ARGV[5], runs, tostring(now)}
    """#)
}
