extension BlockingRedisConnection {
    /// Sends a blocking `wait` command (BLPOP …) and `script` in one write. Redis serves a connection's
    /// commands in order, so the script runs the moment the wait returns (woken or timed out), without
    /// a round trip back to this process in between: an idle worker's wake-up and claim cost one.
    /// A script Redis does not know yet (`NOSCRIPT`) is sent again as `EVAL`, a second round trip.
    /// `timeout` bounds the whole exchange (the wait's own timeout plus a margin).
    public func waitThenRun(_ wait: RedisCommand, timeout: Duration, _ script: RedisScript, keys: [any RedisArgumentConvertible] = [],
                            arguments: [any RedisArgumentConvertible] = []) throws(RedisError) -> (wait: RedisReply, script: RedisReply) {
        let replies = try pipeline([wait, script.evalSHA(keys: keys, arguments: arguments)], timeout: timeout)
        if case .error(let message) = replies[0] { throw .server(command: wait.name, message: message) }
        switch replies[1] {
        case .error(let message) where message.hasPrefix("NOSCRIPT"):
            return (replies[0], try run(script, keys: keys, arguments: arguments))
        case .error(let message):
            throw script.named(.server(command: "EVALSHA", message: message))
        default:
            return (replies[0], replies[1])
        }
    }
}
