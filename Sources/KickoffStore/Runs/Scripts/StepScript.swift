import RedisClient

extension QueueScripts {
    static let recordStep = LuaPrelude.script("record_step", #"""
    -- record_step: stores a step's state (and its logs when it ended) for the attempt holding the token.
    -- KEYS[1] run hash   KEYS[2] logs hash
    -- ARGV[1] key prefix   ARGV[2] run id   ARGV[3] attempt token   ARGV[4] step name
    -- ARGV[5] step state JSON   ARGV[6] event type (step.started, step.succeeded, step.failed, …)
    -- ARGV[7] '1' when ARGV[8] holds the step's logs
    -- Returns 'ok', 'stale' or 'canceled': a step.started refused because the run's cancel was
    -- requested (nothing is written; the worker finishes the run as canceled instead of starting
    -- the step). A run whose cancel was requested never starts another step, whenever its worker's
    -- next heartbeat is due. A step's end is always recorded: what ran is kept.
    local prefix, id, token, step = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
    local fields = redis.call('HMGET', KEYS[1], 'status', 'token', 'cancel_requested')
    if fields[1] ~= 'running' or fields[2] ~= token then return 'stale' end
    if ARGV[6] == 'step.started' and fields[3] == '1' then return 'canceled' end
    redis.call('HSET', KEYS[1], 'step:' .. step, ARGV[5])
    -- A step starting again (a retry) must not show the log of its earlier attempt as its own.
    if ARGV[6] == 'step.started' then redis.call('HDEL', KEYS[2], step) end
    if ARGV[7] == '1' then redis.call('HSET', KEYS[2], step, ARGV[8]) end
    local state = cjson.decode(ARGV[5])
    emit(prefix, id, ARGV[6], {step = step, status = state['status'], exit_code = state['exit_code']})
    return 'ok'
    """#)
}
