import RedisClient

extension QueueScripts {
    static let stepLog = RedisScript(name: "step_log", source: #"""
    -- step_log: the log so far of a step that is still running, for the attempt holding the token.
    -- It replaces the step's field (the worker sends the capped tail, never a piece to append), and
    -- only while the step's state is 'running': the step's final record (record_step, finish) is the
    -- source of truth, and a tail that arrives after it must not overwrite the whole log.
    -- KEYS[1] run hash   KEYS[2] logs hash
    -- ARGV[1] attempt token   ARGV[2] step name   ARGV[3] the log so far
    -- Returns 'ok', 'stale' (another attempt holds the run, or it ended) or 'not_running' (the step
    -- has ended, or not started).
    local fields = redis.call('HMGET', KEYS[1], 'status', 'token', 'step:' .. ARGV[2])
    if fields[1] ~= 'running' or fields[2] ~= ARGV[1] then return 'stale' end
    if not fields[3] or cjson.decode(fields[3])['status'] ~= 'running' then return 'not_running' end
    redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
    return 'ok'
    """#)
}
