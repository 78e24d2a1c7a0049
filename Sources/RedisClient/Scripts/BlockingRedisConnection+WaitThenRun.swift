extension BlockingRedisConnection {
    /// Sends a blocking `wait` command (BLPOP …) and `script` in one write. Redis serves a connection's
    /// commands in order, so the script runs the moment the wait returns (woken or timed out), without
    /// a round trip back to this process in between: an idle worker's wake-up and claim cost one.
    /// A script Redis does not know yet (`NOSCRIPT`) is sent again as `EVAL`, a second round trip.
    /// `timeout` bounds the whole exchange (the wait's own timeout plus a margin). `preceding`: sent
    /// first in the same write, their replies (errors as values) returned as they came.
    public func waitThenRun(_ wait: RedisCommand, timeout: Duration, _ script: RedisScript, keys: [any RedisArgumentConvertible] = [],
                            arguments: [any RedisArgumentConvertible] = [], preceding: [RedisCommand] = [])
        throws(RedisError) -> (preceding: ArraySlice<RedisReply>, wait: RedisReply, script: RedisReply) {
        let replies = try pipeline(preceding + [wait, script.evalSHA(keys: keys, arguments: arguments)], timeout: timeout)
        let woken = replies[preceding.count]
        if case .error(let message) = woken { throw .server(command: wait.name, message: message) }
        return (replies.prefix(preceding.count), woken, try settled(script, replies[preceding.count + 1], keys: keys, arguments: arguments))
    }

    /// `run`, with `preceding` sent first in the same write: one round trip for both. Their replies
    /// (errors as values) are returned as they came.
    public func run(_ script: RedisScript, keys: [any RedisArgumentConvertible] = [], arguments: [any RedisArgumentConvertible] = [],
                    preceding: [RedisCommand]) throws(RedisError) -> (preceding: ArraySlice<RedisReply>, script: RedisReply) {
        guard !preceding.isEmpty else { return ([], try run(script, keys: keys, arguments: arguments)) }
        let replies = try pipeline(preceding + [script.evalSHA(keys: keys, arguments: arguments)])
        return (replies.prefix(preceding.count), try settled(script, replies[preceding.count], keys: keys, arguments: arguments))
    }

    /// The script's reply from a pipeline: run again as `EVAL` after a `NOSCRIPT`, thrown if an error.
    private func settled(_ script: RedisScript, _ reply: RedisReply, keys: [any RedisArgumentConvertible],
                         arguments: [any RedisArgumentConvertible]) throws(RedisError) -> RedisReply {
        switch reply {
        case .error(let message) where message.hasPrefix("NOSCRIPT"):
            return try run(script, keys: keys, arguments: arguments)
        case .error(let message):
            throw script.named(.server(command: "EVALSHA", message: message))
        default:
            return reply
        }
    }
}
