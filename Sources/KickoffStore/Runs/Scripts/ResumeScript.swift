import RedisClient

extension QueueScripts {
    static let resume = LuaPrelude.script("resume", #"""
    -- resume: a run queued again starts where it left off on the worker holding the token: records
    -- run.resumed (where and why), and forgets the state of the steps that succeeded before but run
    -- again (this worker lacks their artifacts), so they read as pending until they start.
    -- KEYS[1] run hash
    -- ARGV[1] key prefix   ARGV[2] run id   ARGV[3] attempt token   ARGV[4] step it resumes at ('': none)
    -- ARGV[5] why, in words   ARGV[6] JSON array of the steps kept   ARGV[7..] steps to forget
    -- Returns 'ok' or 'stale'.
    local prefix, id, token = ARGV[1], ARGV[2], ARGV[3]
    local fields = redis.call('HMGET', KEYS[1], 'status', 'token', 'attempt', 'reclaims')
    if fields[1] ~= 'running' or fields[2] ~= token then return 'stale' end
    for i = 7, #ARGV do redis.call('HDEL', KEYS[1], 'step:' .. ARGV[i]) end
    local event = {status = 'running', reason = ARGV[5], kept_steps = cjson.decode(ARGV[6]),
                   attempt = tonumber(fields[3]), reclaims = tonumber(fields[4] or '0')}
    if ARGV[4] ~= '' then event['from_step'] = ARGV[4] end
    emit(prefix, id, 'run.resumed', event)
    return 'ok'
    """#)
}
