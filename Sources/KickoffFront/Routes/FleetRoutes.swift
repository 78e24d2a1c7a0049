import Hummingbird
import KickoffModel
import KickoffStore

/// `GET /v1/workers` and `GET /v1/stats?since=…` (scope `read`): the live workers, and the per-minute
/// history (`StatsReport`; README → Operations describes both).
struct FleetRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        group.get("/v1/workers") { _, _ in
            let records = try await state.store.fleet.workers()
            let now = try await state.store.time()
            return try JSONResponse.make(WorkerList(records: records, frontDigest: state.pipelines.digest, now: now))
        }
        group.get("/v1/stats") { request, _ in
            let now = try await state.store.time()
            let since = try StatsSince.parse(request.query("since"), now: now)
            let minutes = try await state.store.fleet.history(since: since, until: now)
            return try JSONResponse.make(StatsReport(minutes: minutes, since: since, until: now))
        }
    }
}

/// `since`: an RFC 3339 time or a duration back from now (`90m`, `6h`); one hour when absent; at
/// most the history's 48 h back.
enum StatsSince {
    static let defaultSpan: Duration = .seconds(3600)

    static func parse(_ text: String?, now: Int64) throws -> Int64 {
        let earliest = now - StatsReport.retention.milliseconds
        guard let text, !text.isEmpty else { return now - defaultSpan.milliseconds }
        if let time = Timestamp.milliseconds(rfc3339: text) {
            guard time <= now else { throw Problem.invalid([FieldError(field: "since", message: "in the future: \(text)")]) }
            return max(time, earliest)
        }
        do {
            let span = try DurationParser.parse(text)
            return max(now - span.milliseconds, earliest)
        } catch {
            throw Problem.invalid([FieldError(field: "since", message: "neither an RFC 3339 time nor a duration like 90m or 6h: \(text)")])
        }
    }
}
