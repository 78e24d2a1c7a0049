import Hummingbird
import KickoffModel

/// `GET /ui/compare?run=<id>&run=<id>…` (scope `read`): the runs list's checkboxes submit here (a GET
/// form, so it works without JavaScript). Two to `maximumRuns` distinct runs; fewer, more, or an
/// id that is not a run is a problem page.
struct DashboardCompareRoutes {
    let state: FrontState
    let gate: DashboardGate

    static let maximumRuns = 10

    /// The distinct run ids of the query, in the order given.
    static func runIDs(_ values: [String]) throws(Problem) -> [String] {
        var ids: [String] = []
        for value in values where !ids.contains(value) { ids.append(value) }
        guard (2...maximumRuns).contains(ids.count) else {
            throw Problem.invalid([FieldError(field: "run", message: "select from 2 to \(maximumRuns) runs to compare (got \(ids.count))")],
                                  detail: "a comparison needs two or more runs")
        }
        return ids
    }

    func register(on group: RouterGroup<FrontRequestContext>) {
        let reading = gate.signedIn(group, needing: .read)
        reading.get("/compare") { request, context in
            let ids = try Self.runIDs(request.uri.queryParameters.getAll("run"))
            var records: [RunRecord] = []
            for id in ids { records.append(try await state.run(id: id)) }
            var outputs: [String] = []
            for pipeline in Set(records.map(\.pipeline)).sorted() {
                outputs += (state.pipelines.pipeline(named: pipeline)?.display.outputs ?? []).filter { !outputs.contains($0) }
            }
            return HTMLResponse.make(ComparePage(session: context.session, records: records, displayOutputs: outputs,
                                                 now: Formatting.nowMilliseconds()).render())
        }
    }
}
