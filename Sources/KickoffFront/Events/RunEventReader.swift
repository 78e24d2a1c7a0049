import KickoffModel
import KickoffStore
import RedisClient

/// Follows a run's event stream with `XREAD BLOCK`. The blocking read always runs on a connection
/// of its own (`withDedicatedConnection`): on the shared pipelining connections it would hold up
/// every other request's commands queued behind it. Waiting happens inside Redis and SwiftNIO, so
/// no thread (and no Swift concurrency thread in particular) is blocked, and nothing polls.
struct RunEventReader: Sendable {
    let client: RedisClient
    let keys: StoreKeys
    let limit: FollowerLimit
    /// How long one XREAD waits before the caller gets a chance to look around (keep-alive, deadline).
    let blockSlice: Duration

    init(client: RedisClient, keys: StoreKeys, limit: FollowerLimit, blockSlice: Duration = .seconds(10)) {
        self.client = client
        self.keys = keys
        self.limit = limit
        self.blockSlice = blockSlice
    }

    enum Step: Sendable {
        case events([StreamEvent])
        /// A slice passed with nothing new.
        case idle
    }

    /// Reads events after `after` (`0` for all) and hands them to `body` until it returns false.
    /// `wait` bounds each read (at most `blockSlice`); `body` sees `.idle` when a read timed out.
    func follow(runID: String, after: String, wait: @Sendable () -> Duration?,
                _ body: (Step) async throws -> Bool) async throws {
        let stream = keys.events(runID)
        try await limit.withPlace { try await client.withDedicatedConnection { connection in
            var last = after
            // The first event is not in the stream until the second one is (InitialRunEvent): made up
            // here with the id it will have, so the XREAD below goes on after it either way.
            let initial = try await connection.pipeline(InitialRunEvent.commands(keys: keys, runID: runID))
            if let first = InitialRunEvent.event(runID: runID, after: after, replies: initial[...]) {
                last = first.id
                guard try await body(.events([StreamEvent(id: first.id, type: first.type, data: first.data)])) else { return }
            }
            while true {
                guard let remaining = wait() else { return }
                let milliseconds = max(1, min(remaining, blockSlice).milliseconds)
                let reply = try await connection.send(RedisCommand("XREAD", "COUNT", 100, "BLOCK", Int(milliseconds), "STREAMS", stream, last))
                let events = StreamEvent.decode(xread: reply)
                if let newest = events.last { last = newest.id }
                guard try await body(events.isEmpty ? .idle : .events(events)) else { return }
            }
        } }
    }
}
