import RedisClient

/// The key store's state changes, each one script so that the two hashes never disagree.
enum APIKeyScripts {
    static let create = RedisScript(name: "key_create", source: #"""
    -- key_create: stores a new key under a name that is not taken.
    -- KEYS[1] {ns}:keys (sha256 hex -> record JSON)   KEYS[2] {ns}:keys:names (name -> sha256 hex)
    -- ARGV[1] sha256 hex of the key   ARGV[2] name   ARGV[3] record JSON
    -- Returns 'created' or 'taken'.
    if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 'taken' end
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
    redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
    return 'created'
    """#)

    static let revoke = RedisScript(name: "key_revoke", source: #"""
    -- key_revoke: forgets the key with this name; requests with it get 401 from then on.
    -- KEYS[1] {ns}:keys   KEYS[2] {ns}:keys:names
    -- ARGV[1] name
    -- Returns 1 when a key was revoked, 0 when there was none.
    local sha = redis.call('HGET', KEYS[2], ARGV[1])
    if not sha then return 0 end
    redis.call('HDEL', KEYS[1], sha)
    redis.call('HDEL', KEYS[2], ARGV[1])
    return 1
    """#)

    static let touch = RedisScript(name: "key_touch", source: #"""
    -- key_touch: records when a key was last used, if it still exists.
    -- KEYS[1] {ns}:keys
    -- ARGV[1] sha256 hex   ARGV[2] time (Unix ms)
    -- Returns the record's new JSON (the front remembers it: TriggerKeyCheck), or 0 when the key is gone.
    local json = redis.call('HGET', KEYS[1], ARGV[1])
    if not json then return 0 end
    local record = cjson.decode(json)
    record['last_used_at'] = tonumber(ARGV[2])
    json = cjson.encode(record)
    redis.call('HSET', KEYS[1], ARGV[1], json)
    return json
    """#)
}
