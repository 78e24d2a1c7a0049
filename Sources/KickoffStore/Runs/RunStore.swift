public import KickoffModel
public import RedisClient

/// The queue and run records for async code (the front, the client commands): non-blocking,
/// over the pipelining `RedisClient`.
/// Every call throws `StoreError`.
public final class RunStore: Sendable {
    let client: StoreClient
    public let operations: QueueOperations

    public init(client: RedisClient, operations: QueueOperations) {
        self.client = StoreClient(redis: client)
        self.operations = operations
    }

    /// Stores and queues the run in one script: when this returns, the run exists (and, with a
    /// replica acknowledgement configured, has reached that many replicas: it survives a failover).
    /// Returns the record as stored, without reading it back (a worker may already have claimed it).
    public func enqueue(_ run: NewRun) async throws(StoreError) -> RunRecord {
        let run = run.placed(in: operations.keys.partitions)
        let reply = try await runAcknowledgedPassingWakesOn(operations.enqueue(run).reportingWakes(operations.partitioned))
        let (status, createdAt) = try StoreError.decoding { () throws(RedisError) in try QueueReplies.enqueued(reply) }
        return run.record(status: status, createdAt: createdAt)
    }

    /// What a trigger's `enqueue` led to, with flow control (`submit`).
    public enum Submitted: Sendable, Hashable {
        /// Stored just now; the record as stored.
        case stored(RunRecord)
        /// Joined the debounced run gathering its key's triggers; that run as it is now.
        case debounced(RunRecord)
        /// Refused: a concurrency slot with `on_limit: skip` is full; `heldBy` holds it.
        case skipped(heldBy: String)
    }

    /// `enqueue` with every flow-control answer: a debounced trigger joins a run, a full `skip` slot
    /// refuses it.
    public func submit(_ run: NewRun) async throws(StoreError) -> Submitted {
        let run = run.placed(in: operations.keys.partitions)
        return try await submitted(run, reply: runAcknowledgedPassingWakesOn(operations.enqueue(run).reportingWakes(operations.partitioned)))
    }

    /// The enqueue script's answer, as `submit` returns it.
    func submitted(_ run: NewRun, reply: RedisReply) async throws(StoreError) -> Submitted {
        switch try StoreError.decoding({ () throws(RedisError) in try QueueReplies.submitted(reply) }) {
        case .stored(let status, let createdAt, let waiting):
            var record = run.record(status: status, createdAt: createdAt)
            record.waitingFor = waiting.flatMap { try? JSONTextReader.parse($0.utf8) }.flatMap(RunWait.init(json:))
            return .stored(record)
        case .debounced(let id, let createdAt):
            var record = run.record(status: .scheduled, createdAt: createdAt)
            record.id = id
            return .debounced(try await self.run(id: id) ?? record)
        case .skipped(let holder):
            return .skipped(heldBy: holder)
        }
    }

    /// The run in either layout: its hash while live, its packed string once finished (`StoredRun`).
    public func run(id: String) async throws(StoreError) -> RunRecord? {
        let commands = StoredRun.commands(keys: operations.keys, id: id)
        let replies = try await client.pipeline(commands)
        try StoreError.decoding { () throws(RedisError) in try StoredRun.check(replies, of: commands) }
        do { return try StoredRun.record(id: id, hash: replies[0], packed: replies[1]) } catch { throw .unreadable(error.description) }
    }

    public func cancel(id: String) async throws(StoreError) -> CancelResult {
        let reply = try await runPassingWakesOn(operations.cancel(id: id))
        return try StoreError.decoding { () throws(RedisError) in try QueueReplies.word(reply, "cancel") }
    }

    /// The stored logs of each step that ended (step → text): its logs hash, or the packed run's.
    public func logs(id: String) async throws(StoreError) -> [String: String] {
        let commands = StoredRun.logCommands(keys: operations.keys, id: id)
        let replies = try await client.pipeline(commands)
        try StoreError.decoding { () throws(RedisError) in try StoredRun.check(replies, of: commands) }
        return StoredRun.logs(id: id, hash: replies[0], packed: replies[1])
    }

    /// Events of the run after `afterID` (stream ids; "0" for all), oldest first.
    /// Includes the run's first event before the scripts have stored it (`InitialRunEvent`); a
    /// finished run's come from its folded history (`RunEventHistory`), the stream otherwise.
    public func events(id: String, after afterID: String = "0", count: Int = 1000) async throws(StoreError) -> [RunEvent] {
        let keys = operations.keys
        let replies = try await client.pipeline(
            [RedisCommand("XRANGE", keys.events(id), "(" + afterID, "+", "COUNT", count)] + InitialRunEvent.commands(keys: keys, runID: id))
        if case .error(let message) = replies[0] { throw StoreError(.server(command: "XRANGE", message: message)) }
        if let folded = InitialRunEvent.history(runID: id, after: afterID, replies: replies[1...]) { return Array(folded.prefix(count)) }
        if let first = InitialRunEvent.event(runID: id, after: afterID, replies: replies[1...]) { return [first] }
        return RunEvent.decode(replies[0])
    }
}

extension RunStore {
    /// What a purge found and deleted.
    public struct PurgeResult: Sendable, Hashable {
        /// The cutoff, Unix ms: runs that finished before it matched.
        public var cutoff: Int64
        public var matched: Int
        /// Equal to `matched`, or 0 in a dry run.
        public var deleted: Int
    }

    /// Deletes the finished runs (of `statuses`, all final ones by default) that finished more than
    /// `olderThan` ago by Redis's clock, in batches of one script call each.
    public func purge(olderThan: Duration, statuses: [RunStatus] = RunStatus.allCases.filter(\.isFinal), dryRun: Bool = false,
                      batch: Int = 500) async throws(StoreError) -> PurgeResult {
        let now = try await client.send(RedisCommand("TIME")).timeMilliseconds
        let cutoff = now - olderThan.milliseconds
        var matched = 0
        for partition in operations.keys.partitions.all {  // each partition's runs, in batches
            var cursor = "-inf"
            while true {
                let reply = try await client.run(operations.purge(cutoff: cutoff, statuses: statuses.filter(\.isFinal), batch: batch,
                                                           cursor: cursor, dryRun: dryRun, partition: partition))
                guard let values = reply.array, values.count == 3, let found = values[1].int, let next = values[2].string else {
                    throw StoreError(.unexpectedReply(command: "purge", reply: reply))
                }
                matched += Int(found)
                if next.isEmpty { break }
                cursor = next
            }
        }
        return PurgeResult(cutoff: cutoff, matched: matched, deleted: dryRun ? 0 : matched)
    }
}
