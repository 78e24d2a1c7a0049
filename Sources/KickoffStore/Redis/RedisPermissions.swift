public import RedisClient

/// The Redis commands Kickoff sends, directly or from its Lua scripts (Redis checks those too), for
/// an ACL user that may run only them (README → Security). `RedisPermissionsTests` derives the list
/// from the sources, so a new command cannot be forgotten here.
public enum RedisPermissions {
    /// Sent to the data server by every front and worker, each with arguments of a valid shape for
    /// asking Redis whether the user may run it (`K`: a key of the namespace). The shape matters:
    /// Redis 7.0's `redis.acl_check_cmd` crashes the server on a command given too few arguments.
    static let samples: [(command: String, arguments: [String])] = [
        ("blpop", ["K", "0"]), ("del", ["K"]), ("eval", ["return 1", "0"]),
        ("evalsha", ["e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"]), ("exists", ["K"]), ("expire", ["K", "1"]),
        ("get", ["K"]), ("hdel", ["K", "f"]), ("hexists", ["K", "f"]), ("hget", ["K", "f"]), ("hgetall", ["K"]),
        ("hincrby", ["K", "f", "1"]), ("hrandfield", ["K", "1", "WITHVALUES"]), ("hkeys", ["K"]), ("hmget", ["K", "f"]), ("hset", ["K", "f", "v"]), ("hvals", ["K"]),
        ("incr", ["K"]), ("llen", ["K"]), ("lpop", ["K"]), ("lpush", ["K", "v"]), ("lrange", ["K", "0", "-1"]),
        ("lrem", ["K", "0", "v"]), ("rpop", ["K"]), ("scard", ["K"]), ("sismember", ["K", "m"]), ("sort", ["K"]),
        ("srem", ["K", "m"]), ("zcount", ["K", "0", "1"]), ("persist", ["K"]), ("pexpire", ["K", "1"]), ("ping", []), ("pttl", ["K"]),
        ("publish", ["K", "m"]), ("rpush", ["K", "v"]), ("sadd", ["K", "m"]), ("select", ["0"]), ("set", ["K", "v"]),
        ("smembers", ["K"]), ("time", []), ("xadd", ["K", "*", "f", "v"]), ("xrange", ["K", "-", "+"]),
        ("xread", ["STREAMS", "K", "0"]), ("xrevrange", ["K", "+", "-"]), ("zadd", ["K", "1", "m"]), ("zcard", ["K"]),
        ("zrange", ["K", "0", "-1"]), ("zrangebyscore", ["K", "0", "1"]), ("zrem", ["K", "m"]),
        ("zremrangebyscore", ["K", "0", "1"]), ("zrevrange", ["K", "0", "-1"]), ("zrevrangebyscore", ["K", "1", "0"]),
    ]
    static let failoverSamples: [(command: String, arguments: [String])] = [("role", []), ("wait", ["0", "0"])]
    /// Sent only to a Redis Cluster: `CLUSTER SLOTS` (the slot map) and `ASKING` (a slot migrating).
    static let clusterSamples: [(command: String, arguments: [String])] = [("asking", []), ("cluster", ["slots"])]

    /// Sent to the data server by every front and worker.
    public static var commands: [String] { samples.map(\.command) }

    /// Whether a client with `redis` sends `failoverCommands` too.
    public static func sendsFailoverCommands(_ redis: RedisConfiguration) -> Bool {
        redis.sentinel != nil || redis.replicaAcknowledgement != nil
    }

    /// Sent only with Sentinel (`ROLE`: a primary checks its role) or required replicas (`WAIT`).
    public static var failoverCommands: [String] { failoverSamples.map(\.command) }

    /// Sent only to a Redis Cluster (`KICKOFF_REDIS_CLUSTER`); `cluster` needs only `cluster|slots`.
    public static var clusterCommands: [String] { clusterSamples.map(\.command) }

    /// Sent but not needed: `AUTH` (always allowed), `CONFIG GET` (the start-up persistence check,
    /// skipped when refused: `CONFIG` would also show the password), `SENTINEL` (to the sentinels),
    /// `INFO` (the front's memory figures: `/readyz` and `kickoff_redis_full` tell a full Redis; without
    /// it they are left out).
    public static let optionalCommands = ["auth", "config", "sentinel", "info"]

    /// The `ACL SETUSER` line for a user `user` on namespace `namespace`. `partitioned`: also the
    /// partitions' keys and event channels (`{namespace:<i>}`, `KICKOFF_PARTITIONS` > 1).
    public static func aclRule(user: String = "kickoff", password: String = "PASSWORD", namespace: String = "kickoff",
                               partitioned: Bool = false) -> String {
        let keys = partitioned ? "~{\(namespace)}:* ~{\(namespace):*}:*" : "~{\(namespace)}:*"
        let channels = partitioned ? "&{\(namespace)}:* &{\(namespace):*}:*" : "&{\(namespace)}:*"
        return (["ACL SETUSER \(user) reset on >\(password) \(keys) resetchannels \(channels) -@all"]
            + commands.map { "+" + $0 }).joined(separator: " ")
    }

    /// The commands Kickoff needs that the connection's user may not run (on a key of `namespace`),
    /// asked of Redis itself (`redis.acl_check_cmd`, Redis 7): empty when all are allowed or Redis
    /// cannot tell (older than 7).
    static let script = RedisScript(name: "permissions", source: #"""
    -- permissions: which commands the current user may not run. ARGV: for each command its name, its
    -- argument count, then its arguments (keys among them in the namespace). Redis older than 7 has
    -- no acl_check_cmd: nothing is reported.
    local missing, i = {}, 1
    while i <= #ARGV do
      local name, count = ARGV[i], tonumber(ARGV[i + 1])
      local arguments = {}
      for j = 1, count do arguments[j] = ARGV[i + 1 + j] end
      local ok, allowed = pcall(redis.acl_check_cmd, name, unpack(arguments))
      if ok and not allowed then missing[#missing + 1] = name end
      i = i + 2 + count
    end
    return missing
    """#)

    static func call(_ keys: StoreKeys, failover: Bool, cluster: Bool = false) -> ScriptCall {
        let key = keys.prefix + "permission-probe"
        var arguments: [String] = []
        for (command, sample) in samples + (failover ? failoverSamples : []) + (cluster ? clusterSamples : []) {
            arguments += [command, String(sample.count)] + sample.map { $0 == "K" ? key : $0 }
        }
        return ScriptCall(script: script, keys: [], arguments: arguments)
    }

    /// The refused commands in a reply, or the script's own refusal (no EVAL for this user).
    static func missing(_ reply: () throws(RedisError) -> RedisReply) throws(RedisError) -> [String] {
        do {
            return (try reply()).array?.compactMap(\.string) ?? []
        } catch where error.isPermissionDenied {
            return ["eval", "evalsha"]
        }
    }

    /// The configuration error both `serve` and `worker` stop with.
    public static func message(missing: [String], user: String?) -> String {
        """
        the Redis user \(user.map { "'\($0)'" } ?? "(default)") may not run: \(missing.joined(separator: ", ")). \
        Kickoff needs every command of the ACL line in the README's Security section; grant them \
        (ACL SETUSER \(user ?? "default") +\(missing.joined(separator: " +"))).
        """
    }
}
