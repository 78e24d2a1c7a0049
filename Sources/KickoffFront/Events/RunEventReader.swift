import KickoffModel
import KickoffStore

/// Follows a run's event stream with `XREAD BLOCK`, on a connection of its own (`RunEventStreams`),
/// holding a follower place while it does.
struct RunEventReader: Sendable {
    let streams: RunEventStreams
    let limit: FollowerLimit
    /// How long one XREAD waits before the caller gets a chance to look around (keep-alive, deadline).
    let blockSlice: Duration

    init(streams: RunEventStreams, limit: FollowerLimit, blockSlice: Duration = .seconds(10)) {
        self.streams = streams
        self.limit = limit
        self.blockSlice = blockSlice
    }

    enum Step: Sendable {
        case events([RunEvent])
        /// A slice passed with nothing new.
        case idle
    }

    /// Reads events after `after` (`0` for all) and hands them to `body` until it returns false.
    /// `wait` bounds each read (at most `blockSlice`); `body` sees `.idle` when a read timed out.
    /// `place`: a follower place the caller took already (before sending its answer's head), given
    /// back when this returns; nil: one is taken here.
    func follow(runID: String, after: String, holding place: FollowerPlace? = nil, wait: @Sendable () -> Duration?,
                _ body: (Step) async throws -> Bool) async throws {
        let place = try place ?? limit.take(key: nil)
        defer { place.release() }
        try await streams.withConnection(runID: runID) { connection in
            var last = after
            // A finished run's events are folded (RunEventHistory): all of them, and nothing follows.
            // Else the first event is not in the stream until the second one is (InitialRunEvent): made
            // up with the id it will have, so the XREAD below goes on after it either way.
            let start = try await connection.start(runID: runID, after: after)
            if let newest = start.events.last {
                last = newest.id
                guard try await body(.events(start.events)) else { return }
            }
            if start.folded { return }
            while true {
                guard let remaining = wait() else { return }
                let events = try await connection.read(runID: runID, after: last, block: min(remaining, blockSlice))
                if let newest = events.last { last = newest.id }
                if events.isEmpty, let folded = try await connection.history(runID: runID, after: last) {
                    // Folded while this reader was not blocked on the stream (its last events in the
                    // history now): the rest from there, and the run has ended.
                    if !folded.isEmpty { _ = try await body(.events(folded)) }
                    return
                }
                guard try await body(events.isEmpty ? .idle : .events(events)) else { return }
            }
        }
    }
}
