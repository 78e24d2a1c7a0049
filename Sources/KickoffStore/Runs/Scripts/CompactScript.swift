import RedisClient

extension QueueScripts {
    static let compact = RedisScript(name: "compact", source: #"""
    -- compact: a finished run's packed value replaced by its deflated form (PackedRun), which the
    -- worker that finished the run made from the value it read: only while the value is still that
    -- one (its SHA-1), so a purge in between is not undone and nothing newer is overwritten.
    -- KEYS[1] the packed run ({ns}:done:<id>)
    -- ARGV[1] SHA-1 (hex) of the value read   ARGV[2] the deflated form
    -- Returns 'ok' or 'changed'.
    local value = redis.call('GET', KEYS[1])
    if not value or redis.sha1hex(value) ~= ARGV[1] then return 'changed' end
    redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
    return 'ok'
    """#)
}
