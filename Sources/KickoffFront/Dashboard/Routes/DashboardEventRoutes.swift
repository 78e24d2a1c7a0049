import Hummingbird
import KickoffModel
import KickoffStore
import Logging

/// Server-Sent Events for the pages' script, signed in by the session cookie (an EventSource
/// cannot send an API key header): `GET /ui/runs/{id}/events` is the run's stream as the API's
/// `/v1/runs/{id}/events` sends it; `GET /ui/runs/events?runs=<id>:<status>,…&newest=<id>` follows
/// the runs a list page shows (`event: run.<status>`) and says when a run newer than `newest` (the
/// index's newest when the page was rendered) appears (`event: runs.new`), once; a quiet slice sends
/// a comment.
struct DashboardEventRoutes {
    let state: FrontState
    let gate: DashboardGate

    static let maximumFollowedRuns = 100

    /// `runs=<id>:<status>,…`: the runs a list page shows, with the status it shows for each.
    static func shownRuns(_ text: String) throws(Problem) -> [(id: String, status: String)] {
        let entries = text.split(separator: ",").map { $0.split(separator: ":", maxSplits: 1).map(String.init) }
        guard entries.count <= maximumFollowedRuns,
              entries.allSatisfy({ $0.count == 2 && RunID.isValid($0[0]) && RunStatus(rawValue: $0[1]) != nil }) else {
            throw Problem.badRequest("runs must be at most \(maximumFollowedRuns) entries <run id>:<status>, comma separated")
        }
        return entries.map { ($0[0], $0[1]) }
    }

    /// `newest=<id>`: the newest run when the page was rendered (absent: there was none).
    static func newestRun(_ text: String?) throws(Problem) -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard RunID.isValid(text) else { throw Problem.badRequest("newest must be a run id") }
        return text
    }

    func register(on group: RouterGroup<FrontRequestContext>) {
        let reading = gate.signedIn(group, needing: .read)
        reading.get("/runs/events") { request, context in
            let shown = try Self.shownRuns(request.query("runs") ?? "")
            let newest = try Self.newestRun(request.query("newest"))
            // Taken before the head goes out: beyond a cap the answer is a 503, not an empty stream.
            let place = try state.followers.take(key: context.session.key.name)
            let stream = RunListStream(streams: state.store.eventStreams, limit: state.followers)
            let authorized = KeyStillValid(keys: state.keys, digest: context.session.keyDigest)
            let logger = context.logger
            let body = ResponseBody { writer in
                do {
                    try await stream.follow(runs: shown, newest: newest, holding: place) { items in
                        // A revoked key ends its sessions' streams too.
                        guard try await authorized.check() else { throw DashboardStreamEnd.keyRevoked }
                        for item in items {
                            switch item {
                            case .status(let type, let data):
                                try await writer.write(ByteBuffer(string: "event: \(type)\ndata: \(data)\n\n"))
                            case .newRuns:
                                try await writer.write(ByteBuffer(string: "event: runs.new\ndata: {}\n\n"))
                            case .quiet:
                                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                            }
                        }
                    }
                } catch {
                    logger.info("dashboard list stream ended early", metadata: ["error": "\(error)"])
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
        reading.get("/runs/:id/events") { request, context in
            let record = try await state.run(id: context.parameters.get("id") ?? "")
            let place = try state.followers.take(key: context.session.key.name)
            let reader = RunEventReader(streams: state.store.eventStreams, limit: state.followers)
            let runs = state.runs
            let authorized = KeyStillValid(keys: state.keys, digest: context.session.keyDigest)
            let logger = context.logger
            let id = record.id
            let body = ResponseBody { writer in
                do {
                    try await EventRoutes.stream(runID: id, after: "0", reader: reader, place: place, runs: runs,
                                                 authorized: authorized.check, writer: &writer)
                } catch {
                    logger.info("dashboard event stream ended early", metadata: ["run_id": .string(id), "error": "\(error)"])
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }
}

/// Why a dashboard list stream stopped early (logged; the browser's EventSource reconnects, and a
/// revoked key's session then finds no session).
enum DashboardStreamEnd: Error {
    case keyRevoked
}
