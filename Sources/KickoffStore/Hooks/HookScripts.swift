import RedisClient

/// The inbound hooks' Lua scripts: each is one atomic change; its header lists KEYS and ARGV.
enum HookScripts {
    static let accept = LuaPrelude.script("hook_accept", #"""
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
    local prior = redis.call('GET', KEYS[1])
    if prior then
      local space = string.find(prior, ' ', 1, true)
      local first, runs = string.sub(prior, 1, space - 1), string.sub(prior, space + 1)
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'delivery', ARGV[3], 'event', ARGV[4],
                 'outcome', 'duplicate', 'runs', runs)
      redis.call('HINCRBY', KEYS[3], 'duplicate', 1)
      return {'duplicate', runs, first}
    end
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
    redis.call('SET', KEYS[1], ARGV[5] .. ' ' .. runs, 'PX', ARGV[2])
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'delivery', ARGV[3], 'event', ARGV[4], 'outcome', ARGV[5], 'runs', runs)
    redis.call('HINCRBY', KEYS[3], ARGV[5], 1)
    return {ARGV[5], runs, tostring(now)}
    """#)
}
