import KickoffModel
import KickoffStore
import ServiceLifecycle

/// What the runs list follows live: the status events of the runs it shows that have not ended
/// (one `XREAD BLOCK` over all their event streams, on a connection of its own), and whether a
/// newer run has appeared (the runs index, read once per quiet slice).
///
/// Chosen over Redis pub/sub on `{ns}:events` (which `emit` also publishes to): the front's Redis
/// client has no subscriber mode, and a stream can be read from a position, which pub/sub cannot.
/// Only new runs are noticed by looking (one ZREVRANGE per slice of an open list page).
struct RunListStream: Sendable {
    let streams: RunEventStreams
    let limit: FollowerLimit
    /// How long one read waits before looking for new runs (and telling the caller it was quiet).
    let slice: Duration
    /// A stream is closed after this long; the browser's EventSource reconnects by itself.
    let lifetime: Duration

    init(streams: RunEventStreams, limit: FollowerLimit, slice: Duration = .seconds(5), lifetime: Duration = .seconds(300)) {
        self.streams = streams
        self.limit = limit
        self.slice = slice
        self.lifetime = lifetime
    }

    enum Item: Sendable, Hashable {
        /// A run changed status: `data` is the event's JSON (`run_id`, `type`, `status`, …).
        case status(type: String, data: String)
        /// A run newer than the page's newest was created.
        case newRuns
        /// A slice passed without news. The route writes a comment: it keeps proxies from closing
        /// the stream, and a client that has gone is noticed when that write fails (else its
        /// stream would hold a Redis connection and a follower place for the whole `lifetime`).
        case quiet
    }

    /// Follows the shown runs (id and the status the page shows) and the index until there is
    /// news, hands it to `body`, and returns: one batch of news per stream (`body` also gets
    /// `[.quiet]` after each quiet slice; throwing from it ends the stream). The page fetches
    /// itself again and opens a new stream for what it then shows.
    ///
    /// What the page showed is the baseline, not what Redis holds when the stream starts, so that
    /// nothing that happens between rendering the page and opening the stream is lost: a run whose
    /// status differs from the page's is news at once, and so is a newest run in the index other
    /// than `newest` (the page's, read before its runs; nil: the index's newest at the start).
    /// `place`: a follower place taken before the answer's head went out (nil: one is taken here).
    func follow(runs shown: [(id: String, status: String)], newest pageNewest: String? = nil, holding place: FollowerPlace? = nil,
                _ body: ([Item]) async throws -> Void) async throws {
        let deadline = ContinuousClock.now + lifetime
        let place = try place ?? limit.take(key: nil)
        defer { place.release() }
        try await streams.withConnection { connection in
            // Positions first, then statuses: a change after reading a position is an event after it.
            var positions: [String: String] = [:]
            for run in shown {
                positions[run.id] = try await connection.lastEventID(runID: run.id)
            }
            let current = try await connection.newestRunID()
            let newest = pageNewest ?? current
            let statuses = try await connection.statuses(runIDs: shown.map(\.id))
            var changed: [Item] = zip(shown, statuses).compactMap { run, status in
                guard let status, status != run.status else { return nil }
                return .status(type: "run." + status, data: #"{"run_id":"\#(run.id)","status":"\#(status)"}"#)
            }
            if current != newest { changed.append(.newRuns) }
            guard changed.isEmpty else { return try await body(changed) }
            let following = shown.filter { !(RunStatus(rawValue: $0.status)?.isFinal ?? true) }.map(\.id)
            // Also ends within a slice of the front's graceful shutdown, which waits for open responses.
            while ContinuousClock.now < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled {
                if following.isEmpty {
                    try await Task.sleep(for: min(slice, deadline - ContinuousClock.now))
                } else {
                    let read = try await connection.read(runs: following.map { ($0, positions[$0] ?? "0") },
                                                         block: min(slice, deadline - ContinuousClock.now))
                    var items: [Item] = []
                    for (id, events) in read {
                        // Step events are read past too: the next read waits for what is new.
                        if let last = events.last?.id { positions[id] = last }
                        items += events.filter { $0.type.hasPrefix("run.") }.map { Item.status(type: $0.type, data: $0.data) }
                    }
                    if !items.isEmpty { return try await body(items) }
                }
                if try await connection.newestRunID() != newest { return try await body([.newRuns]) }
                try await body([.quiet])
            }
        }
    }
}
