extension RedisClient {
    /// Runs a write script like `run`, and when `replicaAcknowledgement` is configured sends `WAIT`
    /// right behind it on the same connection (WAIT counts the writes of its own connection).
    /// Throws `.notReplicated` when too few replicas confirmed in time: the script did run on the
    /// primary, but the write may not survive a failover.
    @discardableResult
    public func runAcknowledged(_ script: RedisScript, keys: [any RedisArgumentConvertible] = [],
                                arguments: [any RedisArgumentConvertible] = []) async throws(RedisError) -> RedisReply {
        guard let required = configuration.replicaAcknowledgement else {
            return try await run(script, keys: keys, arguments: arguments)
        }
        var replies = try await pipeline([script.evalSHA(keys: keys, arguments: arguments), required.command])
        if case .error(let message) = replies[0], message.hasPrefix("NOSCRIPT") {
            replies = try await pipeline([script.eval(keys: keys, arguments: arguments), required.command])
        }
        if case .error(let message) = replies[0] { throw script.named(.server(command: "EVALSHA", message: message)) }
        try required.check(replies[1], endpoint: configuration.endpoint)
        return replies[0]
    }
}
