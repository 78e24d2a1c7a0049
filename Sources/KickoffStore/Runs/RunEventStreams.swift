public import KickoffModel
import RedisClient

/// Following runs' event streams with `XREAD BLOCK`. The blocking read always runs on a connection
/// of its own (`withConnection`): on the shared pipelining connections it would hold up every other
/// request's commands queued behind it. Waiting happens inside Redis and SwiftNIO, so no thread is
/// blocked, and nothing polls.
public struct RunEventStreams: Sendable {
    let client: StoreClient
    let keys: StoreKeys

    init(client: StoreClient, keys: StoreKeys) {
        self.client = client
        self.keys = keys
    }

    /// Runs `body` with a connection of its own, closed when `body` returns. `runID`: for that run's
    /// keys only (with partitions on a cluster, the connection goes to its partition's primary).
    /// With partitions and no `runID` (several runs, on several slots), the reads go over the shared
    /// connections, each to its slot, and a wait on several runs' streams polls (`Connection.read(runs:)`).
    public func withConnection<Result: Sendable>(runID: String? = nil, _ body: (Connection) async throws -> Result) async throws -> Result {
        if !keys.partitions.isSingle, runID == nil { return try await body(Connection(shared: client, keys: keys)) }
        let slotKey = runID.flatMap { keys.partitions.isSingle ? nil : keys.run($0) }
        return try await client.withDedicatedConnection(slotKey: slotKey) { connection in try await body(Connection(connection: connection, keys: keys)) }
    }

    /// One dedicated connection's reads; each throws `StoreError`.
    public struct Connection: Sendable {
        let connection: any EventConnection
        let keys: StoreKeys

        init(connection: StoreClient.DedicatedConnection, keys: StoreKeys) {
            self.connection = connection
            self.keys = keys
        }

        init(shared: StoreClient, keys: StoreKeys) {
            connection = SharedEventConnection(client: shared, partitions: keys.partitions)
            self.keys = keys
        }

        /// What a follower reads before it waits on the stream: a finished run's events after `after`
        /// from its folded history (`folded`: the run has ended, nothing will follow), or the run's
        /// first event while its stream does not exist yet (`InitialRunEvent`), or nothing.
        public func start(runID: String, after: String) async throws(StoreError) -> (events: [RunEvent], folded: Bool) {
            let replies = try await connection.pipeline(InitialRunEvent.commands(keys: keys, runID: runID))
            if let folded = InitialRunEvent.history(runID: runID, after: after, replies: replies[...]) { return (folded, true) }
            return (InitialRunEvent.event(runID: runID, after: after, replies: replies[...]).map { [$0] } ?? [], false)
        }

        /// A finished run's events after `after` from its folded history (or its packed run); nil while it has none.
        public func history(runID: String, after: String) async throws(StoreError) -> [RunEvent]? {
            let commands = [RedisCommand("GET", keys.history(runID)), RedisCommand("GET", keys.done(runID))]
            let replies = try await connection.pipeline(commands)
            try StoreError.decoding { () throws(RedisError) in try StoredRun.check(replies, of: commands) }
            if let text = replies[0].string { return RunEventHistory.events(text, runID: runID, after: after) }
            return StoredRun.packedRun(id: runID, replies[1])?.events(runID: runID, after: after)
        }

        /// Up to `count` events of the run after `after`, waiting up to `block` for the first.
        public func read(runID: String, after: String, count: Int = 100, block: Duration) async throws(StoreError) -> [RunEvent] {
            let reply = try await connection.send(RedisCommand("XREAD", "COUNT", count, "BLOCK", Self.milliseconds(block),
                                                               "STREAMS", keys.events(runID), after))
            return RunEvent.decode(xread: reply).first?.events ?? []
        }

        /// New events of several runs (id → the position to read after), waiting up to `block` for any;
        /// the runs that had some, with their events.
        public func read(runs positions: [(id: String, after: String)], count: Int = 100,
                         block: Duration) async throws(StoreError) -> [(runID: String, events: [RunEvent])] {
            guard !positions.isEmpty else { return [] }
            if let shared = connection as? SharedEventConnection {
                return try await shared.poll(runs: positions, count: count, block: block, keys: keys)
            }
            var arguments: [any RedisArgumentConvertible] = ["COUNT", count, "BLOCK", Self.milliseconds(block), "STREAMS"]
            arguments += positions.map { keys.events($0.id) as any RedisArgumentConvertible }
            arguments += positions.map { $0.after as any RedisArgumentConvertible }
            let reply = try await connection.send(RedisCommand("XREAD", arguments))
            let prefix = keys.events("")
            var read: [(runID: String, events: [RunEvent])] = []
            for stream in RunEvent.decode(xread: reply) where stream.key.hasPrefix(prefix) {
                read.append((String(stream.key.dropFirst(prefix.count)), stream.events))
            }
            return read
        }

        /// The id of the run's newest event ("0" when it has none yet).
        public func lastEventID(runID: String) async throws(StoreError) -> String {
            let reply = try await connection.send(RedisCommand("XREVRANGE", keys.events(runID), "+", "-", "COUNT", 1))
            return RunEvent.decode(reply).first?.id ?? "0"
        }

        /// Each run's stored status, in order (nil: gone), in one round trip.
        public func statuses(runIDs: [String]) async throws(StoreError) -> [String?] {
            guard !runIDs.isEmpty else { return [] }
            let commands = runIDs.flatMap { StoredRun.statusCommands(keys: keys, id: $0, fields: ["status"]) }
            let replies = try await connection.pipeline(commands)
            try StoreError.decoding { () throws(RedisError) in try StoredRun.check(replies, of: commands) }
            return runIDs.indices.map { index in
                StoredRun.fields(id: runIDs[index], ["status"], hash: replies[2 * index], packed: replies[2 * index + 1])?.first ?? nil
            }
        }

        /// The newest run in the runs index (with partitions, the newest of their indexes).
        public func newestRunID() async throws(StoreError) -> String? {
            guard !keys.partitions.isSingle else {
                return try await connection.send(RedisCommand("ZREVRANGE", keys.runsIndex, 0, 0)).array?.first?.string
            }
            var newest: (id: String, score: Double)?
            for partition in keys.allPartitions {
                let reply = try await connection.send(RedisCommand("ZREVRANGE", partition.runsIndex, 0, 0, "WITHSCORES"))
                for (id, text) in reply.pairs {
                    guard let score = Double(text) else { continue }
                    if newest.map({ score > $0.score || (score == $0.score && id > $0.id) }) ?? true { newest = (id, score) }
                }
            }
            return newest?.id
        }

        /// BLOCK's milliseconds: at least 1 (0 would wait forever).
        static func milliseconds(_ duration: Duration) -> Int {
            Int(max(1, duration.milliseconds))
        }
    }
}
