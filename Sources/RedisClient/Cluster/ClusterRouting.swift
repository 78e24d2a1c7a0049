/// Where commands go in a cluster, and what their replies ask for: the pure part of routing,
/// shared by both faces of the client.
enum ClusterRouting {
    /// The first key of a command, nil when it has none. Scripts: the first of their KEYS; XREAD:
    /// the first stream; container commands (`OBJECT ENCODING key`): the argument after the
    /// subcommand; everything else not listed as keyless: the first argument.
    static func firstKey(of command: RedisCommand) -> [UInt8]? {
        let arguments = command.arguments
        switch command.name {
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
            guard arguments.count > 3, let count = Int(String(decoding: arguments[2], as: UTF8.self)), count > 0 else { return nil }
            return arguments[3]
        case "XREAD", "XREADGROUP":
            guard let streams = arguments.firstIndex(where: { String(decoding: $0, as: UTF8.self).uppercased() == "STREAMS" }),
                  streams + 1 < arguments.count else { return nil }
            return arguments[streams + 1]
        case "OBJECT", "MEMORY", "XINFO", "XGROUP":
            return arguments.count > 2 ? arguments[2] : nil
        case let name where keyless.contains(name):
            return nil
        default:
            return arguments.count > 1 ? arguments[1] : nil
        }
    }

    /// Commands that name no key: they go to the home slot's primary (`ClusterConfiguration.homeKey`).
    static let keyless: Set<String> = [
        "PING", "ECHO", "TIME", "INFO", "CONFIG", "WAIT", "SELECT", "AUTH", "HELLO", "ROLE", "ASKING", "CLUSTER",
        "READONLY", "READWRITE", "SCRIPT", "FUNCTION", "ACL", "CLIENT", "PUBLISH", "DBSIZE", "LASTSAVE", "SCAN",
        "KEYS", "RANDOMKEY", "FLUSHALL", "FLUSHDB", "MULTI", "EXEC", "DISCARD", "SLOWLOG", "LATENCY", "COMMAND",
    ]

    /// The slot commands sent together go to: their first key's. (Kickoff's keys share one hash tag,
    /// so the commands of one pipeline share a slot.) Keyless commands alone: the home slot.
    static func slot(of commands: [RedisCommand], home: Int) -> Int {
        for command in commands {
            if let key = firstKey(of: command) { return KeySlot.of(key) }
        }
        return home
    }

    /// What to do once `node` answered `commands`.
    enum Outcome: Equatable {
        case done
        /// Every command with a key was redirected: send them all again there.
        case redirectAll(ClusterRedirect)
        /// Only some were (a migration moved some of their keys): send just those again, one by one,
        /// so that a command already answered is not run twice.
        case redirectSome([Int])
    }

    static func outcome(_ commands: [RedisCommand], _ replies: [RedisReply], asked: ClusterNode) -> Outcome {
        var first: ClusterRedirect?
        var redirected: [Int] = []
        for (index, reply) in replies.enumerated() {
            guard let redirect = ClusterRedirect(reply, asked: asked) else { continue }
            first = first ?? redirect
            redirected.append(index)
        }
        guard let first else { return .done }
        let keyed = commands.indices.filter { firstKey(of: commands[$0]) != nil }
        return Set(keyed).isSubset(of: redirected) ? .redirectAll(first) : .redirectSome(redirected)
    }

    /// `commands` each preceded by ASKING (its flag lasts one command), and the replies back without ASKING's.
    static func asking(_ commands: [RedisCommand]) -> [RedisCommand] {
        commands.flatMap { [ClusterRedirect.asking, $0] }
    }

    static func withoutAsking(_ replies: [RedisReply]) -> [RedisReply] {
        stride(from: 1, to: replies.count, by: 2).map { replies[$0] }
    }

    /// The connection error a command fails with after too many redirects: trying again later may work.
    static func tooManyRedirects(_ redirect: ClusterRedirect, cluster: ClusterConfiguration) -> RedisError {
        .connection(endpoint: cluster.description,
                    reason: "slot \(redirect.slot) still redirected after \(ClusterConfiguration.maximumRedirects) tries (last to \(redirect.node))")
    }

    static func noOwner(slot: Int, cluster: ClusterConfiguration) -> RedisError {
        .connection(endpoint: cluster.description, reason: "no primary serves slot \(slot) (the cluster is down or being set up)")
    }
}
