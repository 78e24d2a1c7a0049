extension BlockingRedisConnection {
    /// After a write on this connection: waits (`WAIT`) until the configured number of replicas has
    /// it. Does nothing without `replicaAcknowledgement`; throws `.notReplicated` when too few
    /// replicas confirm within its timeout.
    public func awaitReplicas() throws(RedisError) {
        guard let required = configuration.replicaAcknowledgement else { return }
        let reply = try pipeline([required.command], timeout: required.timeout + configuration.commandTimeout)[0]
        try required.check(reply, endpoint: endpoint)
    }

    /// Runs a write script and, with `replicaAcknowledgement`, `WAIT` right behind it in the same
    /// round trip. WAIT counts the writes of its own connection: sent separately, a reconnect in
    /// between (a failover) would let it confirm a write the new server does not have.
    /// The script's errors are thrown. Too few replicas is not: the script did run, so its reply is
    /// returned with the `.notReplicated` error for the caller to weigh (nil when confirmed).
    public func runAwaitingReplicas(_ script: RedisScript, keys: [any RedisArgumentConvertible] = [],
                                    arguments: [any RedisArgumentConvertible] = []) throws(RedisError) -> (reply: RedisReply, notReplicated: RedisError?) {
        guard let required = configuration.replicaAcknowledgement else {
            return (try run(script, keys: keys, arguments: arguments), nil)
        }
        let timeout = required.timeout + configuration.commandTimeout
        var replies = try pipeline([script.evalSHA(keys: keys, arguments: arguments), required.command], timeout: timeout)
        if case .error(let message) = replies[0], message.hasPrefix("NOSCRIPT") {
            replies = try pipeline([script.eval(keys: keys, arguments: arguments), required.command], timeout: timeout)
        }
        if case .error(let message) = replies[0] { throw script.named(.server(command: "EVALSHA", message: message)) }
        do {
            try required.check(replies[1], endpoint: endpoint)
            return (replies[0], nil)
        } catch {
            guard case .notReplicated = error else { throw error }
            return (replies[0], error)
        }
    }
}
