import RedisClient

extension QueueScripts {
    static let releaseDeadMaintainer = LuaPrelude.script("maintainer_release_dead", #"""
    -- maintainer_release_dead: a pool saw one of its workers die (SIGKILL, the OOM killer) and frees
    -- the maintainer lease if that worker held it, so the next presence call of any worker elects a
    -- successor at once instead of after the lease: until then nobody reclaims expired leases.
    -- Compare and delete: a lease another process took meanwhile stays.
    -- KEYS[1] maintainer key   ARGV[1] the dead process's token suffix ('@host/pid', MaintainerToken)
    -- Returns 1 if the dead process held the lease.
    local holder = redis.call('GET', KEYS[1])
    local suffix = ARGV[1]
    if holder and #holder > #suffix and string.sub(holder, -#suffix) == suffix then
      return redis.call('DEL', KEYS[1])
    end
    return 0
    """#)
}
