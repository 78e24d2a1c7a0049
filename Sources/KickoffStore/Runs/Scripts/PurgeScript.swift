import RedisClient

extension QueueScripts {
    static let purge = LuaPrelude.script("purge", #"""
    -- purge: deletes one batch of finished runs that finished before a cutoff, with everything they
    -- own: the record, logs, events (or all three packed in one string), webhook attempts, webhook deliveries (and their places in the
    -- outbox) and index entries. Queued, scheduled and running runs are never touched.
    -- Walks the runs index (score: created_at) from a cursor; a run finishes after it is created,
    -- so runs created after the cutoff are never candidates.
    -- KEYS[1] runs index zset   KEYS[2] webhooks due zset   KEYS[3] webhooks in-flight zset
    -- KEYS[4] webhooks dead zset   KEYS[5] webhook endpoints hash
    -- ARGV[1] key prefix   ARGV[2] cutoff (ms)   ARGV[3] statuses, comma-separated
    -- ARGV[4] batch size   ARGV[5] cursor: the lowest created_at still to look at ('-inf', or '(' .. ms)
    -- ARGV[6] '1' for a dry run (count only)
    -- Returns {examined, matched, next cursor or ''}.
    local prefix, cutoff, batch, dry = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[4]), ARGV[6] == '1'
    local wanted = {}
    for status in string.gmatch(ARGV[3], '[^,]+') do wanted[status] = true end
    local entries = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[5], '(' .. ARGV[2], 'WITHSCORES', 'LIMIT', 0, batch)
    if #entries == 0 then return {0, 0, ''} end
    local last = entries[#entries]
    -- Every run created in the batch's last millisecond, so the next cursor can exclude that millisecond.
    local ids = {}
    for i = 1, #entries, 2 do
      if entries[i + 1] ~= last then table.insert(ids, entries[i]) end
    end
    for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], last, last)) do table.insert(ids, id) end
    local endpoints = redis.call('HKEYS', KEYS[5])
    local matched = 0
    for _, id in ipairs(ids) do
      local run = prefix .. 'run:' .. id
      local fields = redis.call('HMGET', run, 'status', 'finished_at', 'pipeline', 'webhooks')
      if not fields[1] then
        local packed = packed_fields(prefix .. 'done:' .. id)  -- PackedRunLua
        if packed then fields = {packed['status'], packed['finished_at'], packed['pipeline'], packed['webhooks']} end
      end
      local finished = tonumber(fields[2])
      if fields[1] and wanted[fields[1]] and finished and finished < cutoff then
        matched = matched + 1
        if not dry then
          local deliveries = {id .. '_callback'}
          for _, endpoint in ipairs(endpoints) do table.insert(deliveries, id .. '_' .. endpoint) end
          local ok, recorded = pcall(cjson.decode, fields[4] or '[]')
          if ok and type(recorded) == 'table' then
            for _, delivery in ipairs(recorded) do table.insert(deliveries, delivery) end
          end
          for _, delivery in ipairs(deliveries) do
            redis.call('DEL', prefix .. 'webhook:' .. delivery)
            redis.call('ZREM', KEYS[2], delivery)
            redis.call('ZREM', KEYS[3], delivery)
            redis.call('ZREM', KEYS[4], delivery)
          end
          redis.call('DEL', run, prefix .. 'logs:' .. id, prefix .. 'events:' .. id, prefix .. 'history:' .. id,
                     prefix .. 'done:' .. id, prefix .. 'deliveries:' .. id)
          redis.call('ZREM', KEYS[1], id)
          if fields[3] then redis.call('ZREM', prefix .. 'runs:pipeline:' .. fields[3], id) end
        end
      end
    end
    return {#ids, matched, '(' .. last}
    """#)
}
