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

    /// Stores and queues the run in one script: when this returns, the run exists.
    /// Returns the record as stored, without reading it back (a worker may already have claimed it).
    public func enqueue(_ run: NewRun) async throws(RedisError) -> RunRecord {
        let (status, createdAt) = try QueueReplies.enqueued(await call(operations.enqueue(run)))
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
    /// Includes the run's first event before the scripts have stored it (`InitialRunEvent`).
    public func events(id: String, after afterID: String = "0", count: Int = 1000) async throws(RedisError) -> [RunEvent] {
        let keys = operations.keys
        let replies = try await client.pipeline(
            [RedisCommand("XRANGE", keys.events(id), "(" + afterID, "+", "COUNT", count)] + InitialRunEvent.commands(keys: keys, runID: id))
        if case .error(let message) = replies[0] { throw .server(command: "XRANGE", message: message) }
        if let first = InitialRunEvent.event(runID: id, after: afterID, replies: replies[1...]) { return [first] }
        return RunEvent.decode(replies[0])
    }
}
