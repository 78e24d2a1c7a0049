import Hummingbird
import KickoffModel
import KickoffStore
import Logging
import ServiceLifecycle

/// `GET /v1/runs/{id}/events` (scope `read`): the run's event stream as Server-Sent Events.
/// Replays from the start (or after `Last-Event-ID`), then follows new entries, and ends after
/// the run's final event. A late client therefore still sees every event.
struct EventRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        group.get("/v1/runs/:id/events") { request, context in
            let record = try await state.run(id: context.parameters.get("id") ?? "")
            var after = "0"
            if let lastID = request.headers[HeaderNames.lastEventID] ?? request.query("last_event_id"), !lastID.isEmpty {
                guard RunEvent.isValidID(lastID) else {
                    throw Problem.badRequest("Last-Event-ID must be an id this stream sent (like 1700000000000-0)")
                }
                after = lastID
            }
            // The place is taken before the head goes out: beyond a cap the answer is a 503, not a
            // 200 with an empty stream. The stream ends when its key is revoked.
            let place = try state.followers.take(key: context.key.name)
            state.metrics.countEventStream()
            let reader = RunEventReader(streams: state.store.eventStreams, limit: state.followers)
            let runs = state.runs
            let logger = context.logger
            let id = record.id, from = after
            let authorized = KeyStillValid(keys: state.keys, request: request)
            let body = ResponseBody { writer in
                do {
                    try await Self.stream(runID: id, after: from, reader: reader, place: place, runs: runs,
                                          authorized: authorized.check, writer: &writer)
                } catch {
                    // The head is sent: all that is left is to end the stream; the client reconnects
                    // with Last-Event-ID.
                    logger.info("event stream ended early", metadata: ["run_id": .string(id), "error": "\(error)"])
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }

    /// `authorized`: asked before each write; false (the key was revoked) ends the stream.
    static func stream(runID: String, after: String, reader: RunEventReader, place: FollowerPlace?, runs: RunStore,
                       authorized: @Sendable () async throws -> Bool, writer: inout any ResponseBodyWriter) async throws {
        // Ends within a read on the front's graceful shutdown (which waits for open responses); the
        // client reconnects, to another front, with Last-Event-ID.
        try await reader.follow(runID: runID, after: after, holding: place, wait: { Task.isShuttingDownGracefully ? nil : .seconds(15) }) { step in
            guard try await authorized() else { return false }
            switch step {
            case .events(let events):
                for event in events {
                    try await writer.write(ByteBuffer(string: event.sse))
                    if event.isFinal { return false }
                }
                return true
            case .idle:
                // A comment keeps proxies from closing a quiet stream. A run that is final (or gone)
                // without a final event in its stream (trimmed, or a resumed id past it) ends here.
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                guard let record = try await runs.run(id: runID) else { return false }
                return !record.status.isFinal
            }
        }
    }
}
