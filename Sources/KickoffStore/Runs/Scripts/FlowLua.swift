/// Flow control's Lua helpers (named queues, fair share, concurrency slots, debounce), spliced into
/// `LuaPrelude` after `signal` so that `store_run` and `finish` can use them.
///
/// The line a worker claims from, per queue and priority, is a ring of fairness groups
/// (`ring:<queue>:<priority>`, each group once) and one list of run ids per group
/// (`queued:<queue>:<priority>:<group>`). A claim takes the first run of the ring's first group and
/// moves the group to the back: round-robin across groups, first in first out within one.
/// A run held back by a full concurrency slot is never in that line: it waits in the slot's own
/// list (`slot:<slot>:waiting`) and enters the line when a slot frees, so a claim never walks past
/// blocked runs.
enum FlowLua {
    static let source = #"""
    local flow_priorities = {'high', 'normal', 'low'}

    local function flow_place(prefix, id)
      local f = redis.call('HMGET', prefix .. 'run:' .. id, 'queue', 'priority', 'fairness')
      local queue, priority, group = f[1] or 'default', f[2] or 'normal', f[3] or ''
      return prefix .. 'ring:' .. queue .. ':' .. priority, prefix .. 'queued:' .. queue .. ':' .. priority .. ':' .. group, group, queue
    end

    -- Puts a queued run in line in its queue, priority and fairness group; front: first in its group
    -- (a run that has waited already). Wakes a worker of the queue.
    local function queue_push(prefix, id, front)
      local ring, list, group, queue = flow_place(prefix, id)
      local length
      if front then length = redis.call('LPUSH', list, id) else length = redis.call('RPUSH', list, id) end
      -- A group is in the ring exactly while its list holds runs (every script that empties a list
      -- takes the group out), so a list that was empty means a group to add.
      if length == 1 then
        if front then redis.call('LPUSH', ring, group) else redis.call('RPUSH', ring, group) end
      end
      redis.call('HDEL', prefix .. 'run:' .. id, 'waiting_for')
      redis.call('SADD', prefix .. 'queues', queue)
      signal(prefix .. 'signal:' .. queue)
    end

    -- Takes a run out of line (cancel); a group left empty leaves the ring.
    local function queue_remove(prefix, id)
      local ring, list, group = flow_place(prefix, id)
      redis.call('LREM', list, 0, id)
      if redis.call('LLEN', list) == 0 then redis.call('LREM', ring, 0, group) end
    end

    -- Whether runs wait in line in one queue (a ring holds a group only while it has runs): three
    -- LLENs, however many groups there are.
    local function queue_has_runs(prefix, queue)
      for _, priority in ipairs(flow_priorities) do
        if redis.call('LLEN', prefix .. 'ring:' .. queue .. ':' .. priority) > 0 then return true end
      end
      return false
    end

    -- The next run a worker may claim, taken out of line, and its queue: the worker's queues in the
    -- order given, each from high to low priority, each round-robin across its groups. held: the
    -- pipelines the worker's file has (nil: any); a group whose first runs are all of other pipelines
    -- is passed over and keeps its place. Ids of runs no longer queued are dropped on the way.
    -- Bounded work whatever waits: at most 64 groups per ring and 16 ids per group are looked at.
    local function take_next(prefix, queues, held)
      for _, queue in ipairs(queues) do
        for _, priority in ipairs(flow_priorities) do
          local ring = prefix .. 'ring:' .. queue .. ':' .. priority
          for _, group in ipairs(redis.call('LRANGE', ring, 0, 63)) do
            local list = prefix .. 'queued:' .. queue .. ':' .. priority .. ':' .. group
            local found = nil
            for _, id in ipairs(redis.call('LRANGE', list, 0, 15)) do
              local f = redis.call('HMGET', prefix .. 'run:' .. id, 'status', 'pipeline')
              if f[1] ~= 'queued' then
                redis.call('LREM', list, 1, id)
              elseif held == nil or held[f[2]] then
                found = id
                redis.call('LREM', list, 1, id)
                break
              end
            end
            if redis.call('LLEN', list) == 0 then
              redis.call('LREM', ring, 0, group)
            elseif found then
              redis.call('LREM', ring, 1, group)
              redis.call('RPUSH', ring, group)
            end
            if found then return found, queue end
          end
        end
      end
      return nil
    end

    local function slots_of(prefix, id)
      local text = redis.call('HGET', prefix .. 'run:' .. id, 'concurrency')
      if not text then return {} end
      local ok, slots = pcall(cjson.decode, text)
      if ok and type(slots) == 'table' then return slots end
      return {}
    end

    -- A run ready to wait in line (new, due, or woken from a slot's list): takes a slot of each of
    -- its concurrency rules and goes in line, or waits in the list of its first full slot (a slot it
    -- holds already counts as free). Returns true when in line.
    local function admit(prefix, id, front)
      local run = prefix .. 'run:' .. id
      local slots = slots_of(prefix, id)
      for _, s in ipairs(slots) do
        local holders = prefix .. 'slot:' .. s['slot']
        if redis.call('SISMEMBER', holders, id) == 0 and redis.call('SCARD', holders) >= tonumber(s['limit']) then
          redis.call('RPUSH', holders .. ':waiting', id)
          redis.call('SADD', prefix .. 'slots:waiting', s['slot'])
          redis.call('HSET', run, 'waiting_on', s['slot'],
                     'waiting_for', cjson.encode({reason = 'concurrency', key = s['key'], limit = tonumber(s['limit'])}))
          return false
        end
      end
      for _, s in ipairs(slots) do
        redis.call('SADD', prefix .. 'slot:' .. s['slot'], id)
        redis.call('HSET', prefix .. 'slots', s['slot'], s['limit'])  -- for repair_slots
      end
      redis.call('HDEL', run, 'waiting_on')
      queue_push(prefix, id, front)
      return true
    end

    -- A slot freed: the runs waiting for it enter the line while it has room (a run may move on to
    -- wait for another of its slots instead).
    local function wake_slot(prefix, slot, limit)
      local holders = prefix .. 'slot:' .. slot
      while redis.call('SCARD', holders) < limit do
        local id = redis.call('LPOP', holders .. ':waiting')
        if not id then break end
        if redis.call('HGET', prefix .. 'run:' .. id, 'status') == 'queued' then admit(prefix, id, true) end
      end
      if redis.call('LLEN', holders .. ':waiting') == 0 then redis.call('SREM', prefix .. 'slots:waiting', slot) end
    end

    -- A run ended (finish(): every way a run ends): its slots free (waking who waits for them), it
    -- leaves a slot's waiting list, and a debounce window it gathered for closes.
    local function flow_end(prefix, id)
      local run = prefix .. 'run:' .. id
      local f = redis.call('HMGET', run, 'waiting_on', 'debounce_slot')
      if f[1] then redis.call('LREM', prefix .. 'slot:' .. f[1] .. ':waiting', 0, id) end
      if f[2] then
        if redis.call('GET', prefix .. 'debounce:' .. f[2]) == id then redis.call('DEL', prefix .. 'debounce:' .. f[2]) end
        redis.call('SREM', prefix .. 'debouncing', id)
      end
      redis.call('HDEL', run, 'waiting_on', 'waiting_for')
      for _, s in ipairs(slots_of(prefix, id)) do
        redis.call('SREM', prefix .. 'slot:' .. s['slot'], id)
        wake_slot(prefix, s['slot'], tonumber(s['limit']))
      end
    end

    -- A safety net under flow_end (maintenance, a few slots per call): a holder whose record is gone
    -- or already ended (deleted by hand, or ended by a version without slots) gives its slot up. A
    -- slot with no holder and no waiting run is forgotten.
    local function repair_slots(prefix, count)
      local known = prefix .. 'slots'
      local picked = redis.call('HRANDFIELD', known, count, 'WITHVALUES')
      for i = 1, #picked, 2 do
        local slot, limit = picked[i], tonumber(picked[i + 1])
        local holders = prefix .. 'slot:' .. slot
        for _, id in ipairs(redis.call('SMEMBERS', holders)) do
          local status = redis.call('HGET', prefix .. 'run:' .. id, 'status')
          if status ~= 'queued' and status ~= 'running' then redis.call('SREM', holders, id) end
        end
        wake_slot(prefix, slot, limit)
        if redis.call('SCARD', holders) == 0 and redis.call('LLEN', holders .. ':waiting') == 0 then
          redis.call('HDEL', known, slot)
        end
      end
    end

    -- A delayed run is due: a debounce window it gathered for closes (later triggers make a new run).
    local function flow_due(prefix, id)
      local slot = redis.call('HGET', prefix .. 'run:' .. id, 'debounce_slot')
      if slot then
        if redis.call('GET', prefix .. 'debounce:' .. slot) == id then redis.call('DEL', prefix .. 'debounce:' .. slot) end
        redis.call('SREM', prefix .. 'debouncing', id)
        redis.call('HDEL', prefix .. 'run:' .. id, 'waiting_for')
      end
    end

    -- Runs queued before named queues (one list per priority, `queue:<priority>`) go in line in
    -- their new place, first: they have waited longest. At most `limit` per call.
    local function migrate_legacy_queues(prefix, limit)
      local moved = 0
      for _, priority in ipairs(flow_priorities) do
        while moved < limit do
          local id = redis.call('RPOP', prefix .. 'queue:' .. priority)
          if not id then break end
          if redis.call('HGET', prefix .. 'run:' .. id, 'status') == 'queued' then queue_push(prefix, id, true) end
          moved = moved + 1
        end
      end
      return moved
    end

    """#
}
