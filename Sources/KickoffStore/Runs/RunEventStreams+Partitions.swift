import KickoffModel
import RedisClient

/// What a `RunEventStreams.Connection` reads through: a dedicated connection (one slot), or, with
/// partitions and several runs, the shared pipelining connections (each command to its slot).
protocol EventConnection: Sendable {
    func send(_ command: RedisCommand) async throws(StoreError) -> RedisReply
    func pipeline(_ commands: [RedisCommand]) async throws(StoreError) -> [RedisReply]
}

extension StoreClient.DedicatedConnection: EventConnection {}

/// The shared connections, for the reads of several runs on several partitions: a blocking read
/// would hold up the shared connections, and one XREAD may not name streams of several slots on a
/// cluster, so a wait on several runs polls their streams (`poll`) instead.
struct SharedEventConnection: EventConnection {
    let client: StoreClient
    let partitions: RunPartitions

    /// How often the several runs' streams are looked at while nothing is new.
    static let pollInterval: Duration = .milliseconds(250)

    func send(_ command: RedisCommand) async throws(StoreError) -> RedisReply {
        try await client.send(command)
    }

    /// Each command alone: on a cluster, to its own slot's primary (the commands may be of several).
    func pipeline(_ commands: [RedisCommand]) async throws(StoreError) -> [RedisReply] {
        var replies: [RedisReply] = []
        for command in commands { replies.append(try await client.send(command)) }
        return replies
    }

    /// New events of `positions`' runs, looked at every `pollInterval` for up to `block`.
    func poll(runs positions: [(id: String, after: String)], count: Int, block: Duration,
              keys: StoreKeys) async throws(StoreError) -> [(runID: String, events: [RunEvent])] {
        let deadline = ContinuousClock.now + block
        while true {
            var read: [(runID: String, events: [RunEvent])] = []
            for position in positions {
                let reply = try await client.send(RedisCommand("XRANGE", keys.events(position.id), "(" + position.after, "+", "COUNT", count))
                let events = RunEvent.decode(reply)
                if !events.isEmpty { read.append((position.id, events)) }
            }
            let remaining = deadline - ContinuousClock.now
            if !read.isEmpty || remaining <= .zero || Task.isCancelled { return read }
            do { try await Task.sleep(for: min(Self.pollInterval, remaining)) } catch { return read }
        }
    }
}
