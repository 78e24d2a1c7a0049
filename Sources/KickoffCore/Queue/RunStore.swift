import RedisClient

/// The queue and run records for async code (the front, the client commands): non-blocking,
/// over the pipelining `RedisClient`.
public final class RunStore: Sendable {
    public let client: RedisClient
    public let operations: QueueOperations

    public init(client: RedisClient, operations: QueueOperations) {
        self.client = client
        self.operations = operations
    }

    private func call(_ call: ScriptCall) async throws(RedisError) -> RedisReply {
        try await client.run(call.script, keys: call.keys, arguments: call.arguments)
    }

    /// Stores and queues the run in one script: when this returns, the run exists (and, with a
    /// replica acknowledgement configured, has reached that many replicas: it survives a failover).
    /// Returns the record as stored, without reading it back (a worker may already have claimed it).
    public func enqueue(_ run: NewRun) async throws(RedisError) -> RunRecord {
        let call = operations.enqueue(run)
        let reply = try await client.runAcknowledged(call.script, keys: call.keys, arguments: call.arguments)
        let (status, createdAt) = try QueueReplies.enqueued(reply)
        return run.record(status: status, createdAt: createdAt)
    }

    public func run(id: String) async throws(KickoffQueueError) -> RunRecord? {
        let reply: RedisReply
        do { reply = try await client.send(RedisCommand("HGETALL", operations.keys.run(id))) } catch { throw .redis(error) }
        do { return try RunRecord(hash: reply) } catch { throw .record(error) }
    }

    public func cancel(id: String) async throws(RedisError) -> CancelResult {
        try QueueReplies.word(await call(operations.cancel(id: id)), "cancel")
    }

    /// The stored logs of each step that ended (step → text).
    public func logs(id: String) async throws(RedisError) -> [String: String] {
        let reply = try await client.send(RedisCommand("HGETALL", operations.keys.logs(id)))
        var logs: [String: String] = [:]
        let elements = reply.array ?? []
        var index = 0
        while index + 1 < elements.count {
            if let step = elements[index].string, let text = elements[index + 1].string { logs[step] = text }
            index += 2
        }
        return logs
    }

    /// Events of the run after `afterID` (stream ids; "0" for all), oldest first.
    public func events(id: String, after afterID: String = "0", count: Int = 1000) async throws(RedisError) -> [RunEvent] {
        let reply = try await client.send(RedisCommand("XRANGE", operations.keys.events(id), "(" + afterID, "+", "COUNT", count))
        return RunEvent.decode(reply)
    }
}
