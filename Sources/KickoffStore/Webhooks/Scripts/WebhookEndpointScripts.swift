import RedisClient

extension WebhookScripts {
    static let endpoints = LuaPrelude.script("webhook_endpoints", #"""
    -- webhook_endpoints: adds or removes a webhook endpoint (or only reads them), on the namespace's
    -- tag, and returns them whole with their version, for the partitions' copies (WebhookStore+Endpoints).
    -- The version (ms-based, strictly increasing) is bumped by every change, and set when there is none
    -- yet, with partitions; with one partition there are no copies and no version, but one left from a
    -- time with more partitions is bumped by a change all the same, so that those copies are replaced
    -- if partitions come back.
    -- KEYS[1] endpoints hash   KEYS[2] endpoints version string
    -- ARGV[1] 'set', 'del' or 'read'   ARGV[2] endpoint id   ARGV[3] its JSON (set)
    -- ARGV[4] '1' with partitions, '0' without
    -- Returns {1 if it changed anything else 0, version or '' (none), id, JSON, id, JSON, …}.
    local changed = 0
    if ARGV[1] == 'set' then
      redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
      changed = 1
    elseif ARGV[1] == 'del' then
      changed = redis.call('HDEL', KEYS[1], ARGV[2])
    end
    local current = tonumber(redis.call('GET', KEYS[2]))
    local version = ''
    if (changed == 1 and current) or (ARGV[4] == '1' and (changed == 1 or not current)) then
      local next_version = now_ms()
      if current and current >= next_version then next_version = current + 1 end
      redis.call('SET', KEYS[2], next_version)
      version = tostring(next_version)
    elseif current then
      version = tostring(current)
    end
    local reply = {changed, version}
    for _, value in ipairs(redis.call('HGETALL', KEYS[1])) do reply[#reply + 1] = value end
    return reply
    """#)

    static let endpointsCopy = LuaPrelude.script("webhook_endpoints_copy", #"""
    -- webhook_endpoints_copy: replaces a partition's copy of the webhook endpoints, which its finish
    -- script reads (LuaPrelude.record_webhooks), unless the copy is as new already.
    -- KEYS[1] the partition's endpoints hash   KEYS[2] the version of its copy
    -- ARGV[1] the endpoints' version   ARGV[2..] id, JSON pairs: the endpoints at that version
    -- Returns 1 when replaced, 0 when the copy's version was the same or newer.
    local current = tonumber(redis.call('GET', KEYS[2]))
    local version = tonumber(ARGV[1])
    if current and current >= version then return 0 end
    redis.call('DEL', KEYS[1])
    for i = 2, #ARGV - 1, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
    redis.call('SET', KEYS[2], ARGV[1])
    return 1
    """#)
}
