import RedisClient

/// An idempotency key's claim and its end, each one script so that two requests with the same key
/// never both go ahead.
enum IdempotencyScripts {
    static let begin = RedisScript(name: "idempotency_begin", source: #"""
    -- idempotency_begin: claims an idempotency key, or tells what it already stands for.
    -- KEYS[1] {ns}:idem:<api key name>:<sha256 of the Idempotency-Key>   (hash: fingerprint, state, run_id)
    -- ARGV[1] request fingerprint   ARGV[2] in-flight TTL in ms
    -- Returns {'claimed'}, {'mismatch'}, {'in_flight'} or {'done', run id}.
    local fields = redis.call('HMGET', KEYS[1], 'fingerprint', 'state', 'run_id')
    if not fields[1] then
      redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'state', 'pending')
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return {'claimed'}
    end
    if fields[1] ~= ARGV[1] then return {'mismatch'} end
    if fields[2] == 'done' then return {'done', fields[3]} end
    return {'in_flight'}
    """#)

    static let end = RedisScript(name: "idempotency_end", source: #"""
    -- idempotency_end: records the run a claimed key stands for, or releases the claim.
    -- KEYS[1] {ns}:idem:<api key name>:<sha256 of the Idempotency-Key>
    -- ARGV[1] request fingerprint   ARGV[2] run id ('' to release)   ARGV[3] TTL in ms
    -- Returns 1 when done, 0 when the claim was no longer ours.
    local fields = redis.call('HMGET', KEYS[1], 'fingerprint', 'state')
    if fields[1] ~= ARGV[1] or fields[2] ~= 'pending' then return 0 end
    if ARGV[2] == '' then
      redis.call('DEL', KEYS[1])
    else
      redis.call('HSET', KEYS[1], 'state', 'done', 'run_id', ARGV[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
    end
    return 1
    """#)
}
