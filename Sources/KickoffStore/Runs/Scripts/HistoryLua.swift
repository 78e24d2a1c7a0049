/// The per-minute history (`GET /v1/stats`, the dashboard's charts), written by the scripts that
/// already run at each event: `finish` counts the run and its steps' durations, `webhook_result` the
/// delivery, and the first `announce` of each minute samples the queues. No extra round trip.
/// One hash per minute (`minute:<minute>`), expiring 48 h after its last write: the history is
/// bounded in memory by its age, whatever the traffic. KEYS.md lists its fields.
enum HistoryLua {
    static let source = #"""
    -- 48 h and one minute: a minute's hash outlives its last write by the history's length.
    local history_seconds = 172860

    local function history_key(prefix, now)
      return prefix .. 'minute:' .. math.floor(now / 60000)
    end

    local function history_count(prefix, now, field)
      local key = history_key(prefix, now)
      redis.call('HINCRBY', key, field, 1)
      redis.call('EXPIRE', key, history_seconds)
    end

    -- A worker's entry in the fleet (GET /v1/workers), from ARGV[first..] (field, value pairs of its
    -- WorkerRecord), for `ttl` ms: written whole each time, so a field of a run that ended does not
    -- linger; a worker that stops renewing leaves the list by itself.
    local function fleet_write(prefix, name, ttl, now, first)
      local record = prefix .. 'worker:' .. name
      redis.call('DEL', record)
      redis.call('HSET', record, 'name', name, 'heartbeat_at', now, unpack(ARGV, first))
      redis.call('PEXPIRE', record, ttl)
      redis.call('ZREMRANGEBYSCORE', prefix .. 'fleet', '-inf', now)
      redis.call('ZADD', prefix .. 'fleet', now + ttl, name)
    end

    -- A duration's log-scale bucket: four per doubling (each about 19 % wide), so a minute's
    -- percentiles come from a handful of counters (DurationHistogram reads them back).
    local function duration_bucket(ms)
      if ms < 1 then return 0 end
      return math.floor(math.log(ms) / math.log(2) * 4)
    end

    -- A run reached its final state: counted by pipeline and status, each step that ran by its duration.
    local function history_run_finished(prefix, id, status, now)
      local fields = redis.call('HGETALL', prefix .. 'run:' .. id)
      local pipeline, durations = '?', {}
      for i = 1, #fields, 2 do
        local name = fields[i]
        if name == 'pipeline' then
          pipeline = fields[i + 1]
        elseif string.sub(name, 1, 5) == 'step:' then
          local ok, state = pcall(cjson.decode, fields[i + 1])
          -- A step taken over from the run this one retries (reused) did not run now: not counted.
          if ok and type(state) == 'table' and not state['reused'] and type(state['started_at']) == 'number'
             and type(state['finished_at']) == 'number' then
            durations[#durations + 1] = state['finished_at'] - state['started_at']
          end
        end
      end
      local key = history_key(prefix, now)
      redis.call('HINCRBY', key, 'runs:' .. pipeline .. ':' .. status, 1)
      for _, ms in ipairs(durations) do
        redis.call('HINCRBY', key, 'step:' .. pipeline .. ':' .. duration_bucket(ms), 1)
      end
      redis.call('EXPIRE', key, history_seconds)
    end

    -- One queue line's length and the age (ms, -1: none) of its run waiting longest; `scan` bounds
    -- the ids looked at per fairness group. The head of a group's list is its run waiting longest
    -- (retries and reclaimed runs go first in line); an id whose record is gone or no longer queued
    -- is skipped, as claim drops it.
    local function queue_line(prefix, queue, priority, now, scan)
      local length, age = 0, -1
      for _, group in ipairs(redis.call('LRANGE', prefix .. 'ring:' .. queue .. ':' .. priority, 0, -1)) do
        local list = prefix .. 'queued:' .. queue .. ':' .. priority .. ':' .. group
        length = length + redis.call('LLEN', list)
        for _, id in ipairs(redis.call('LRANGE', list, 0, scan - 1)) do
          local fields = redis.call('HMGET', prefix .. 'run:' .. id, 'status', 'queued_at', 'created_at')
          if fields[1] == 'queued' then
            age = math.max(age, now - tonumber(fields[2] or fields[3] or now), 0)
            break
          end
        end
      end
      return length, age
    end

    -- Each queue's depth and oldest wait, once a minute: the first caller of the minute samples (the
    -- HINCRBY guard), every later one of any process only counts itself.
    local function history_sample_queues(prefix, now)
      local key = history_key(prefix, now)
      if redis.call('HINCRBY', key, 'sampled', 1) ~= 1 then return end
      redis.call('EXPIRE', key, history_seconds)
      for _, queue in ipairs(redis.call('SMEMBERS', prefix .. 'queues')) do
        local depth, age = 0, -1
        for _, priority in ipairs(flow_priorities) do
          local length, oldest = queue_line(prefix, queue, priority, now, 10)
          depth = depth + length
          age = math.max(age, oldest)
        end
        redis.call('HSET', key, 'depth:' .. queue, depth, 'wait:' .. queue, math.max(age, 0))
      end
    end

    """#
}
