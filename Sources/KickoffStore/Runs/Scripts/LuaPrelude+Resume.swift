/// Helpers of the queue scripts for runs that are queued again (a lost worker, a drain hand-back, a
/// retry): what a run keeps of its steps, and what a lost worker costs it. Kept apart from the main
/// prelude so that it reads as one rule: a step that succeeded is never run again within its run.
extension LuaPrelude {
    static let resumeSource = #"""
    -- Forgets the state of every step that has not succeeded (absent step fields read as pending):
    -- a run queued again resumes at its first step not succeeded, with the succeeded steps' outputs.
    local function reset_unfinished_steps(run)
      local names = redis.call('HGET', run, 'step_names')
      if not names then return end
      for _, name in ipairs(cjson.decode(names)) do
        local state = redis.call('HGET', run, 'step:' .. name)
        if state then
          local ok, decoded = pcall(cjson.decode, state)
          if not (ok and type(decoded) == 'table' and decoded['status'] == 'succeeded') then
            redis.call('HDEL', run, 'step:' .. name)
          end
        end
      end
    end

    -- True when some step of the run has a state already (a resumed run, or a retry reusing steps):
    -- the claim then leaves starting a step to the worker, which knows where it resumes.
    local function has_step_states(run, names)
      if #names == 0 then return false end
      local fields = {}
      for i, name in ipairs(names) do fields[i] = 'step:' .. name end
      for _, state in ipairs(redis.call('HMGET', run, unpack(fields))) do
        if state then return true end
      end
      return false
    end

    -- The steps whose state is 'running', marked failed with `message` (their worker is gone).
    -- Returns their names.
    local function fail_running_steps(run, message, now)
      local names = redis.call('HGET', run, 'step_names')
      local failed = {}
      if not names then return failed end
      for _, name in ipairs(cjson.decode(names)) do
        local state = redis.call('HGET', run, 'step:' .. name)
        if state then
          local ok, decoded = pcall(cjson.decode, state)
          if ok and type(decoded) == 'table' and decoded['status'] == 'running' then
            decoded['status'] = 'failed'
            decoded['error'] = message
            decoded['finished_at'] = now
            redis.call('HSET', run, 'step:' .. name, cjson.encode(decoded))
            failed[#failed + 1] = name
          end
        end
      end
      return failed
    end

    """#
}
