import KickoffModel
import KickoffStore

/// A new run of a finished one (`POST /v1/runs/{id}/retry`, the dashboard's "from the failed step"):
/// its pipeline, priority, tags and callback, the original's parameters under the request's, and the
/// steps before `from` reused. 409 while the original runs; 422 when there is nothing to reuse.
struct RetryService: Sendable {
    let state: FrontState

    func retry(_ original: RunRecord, request: RetryRequest) async throws -> (record: RunRecord, fromStep: String) {
        guard let pipeline = state.pipelines.pipeline(named: original.pipeline) else {
            throw Problem.invalid([FieldError(field: "pipeline", message: "the pipeline \(original.pipeline) of run \(original.id) is no longer in the pipeline file")])
        }
        let plan: RetryPlan
        switch RetryPlan.plan(original: original, pipeline: pipeline, from: request.from) {
        case .success(let made): plan = made
        case .failure(let refusal):
            if case .notFinished = refusal { throw Problem.conflict(refusal.description) }
            throw Problem.invalid([FieldError(field: "from", message: refusal.description)], detail: refusal.description)
        }
        var errors: [FieldError] = []
        var parameters: ResolvedParameters = [:]
        switch pipeline.resolve(request.values(original: original)) {
        case .success(let resolved):
            parameters = resolved
            errors += TriggerService.oversizedParameters(resolved)
        case .failure(let problems): errors += problems.errors
        }
        guard errors.isEmpty else { throw Problem.invalid(errors) }
        var run = NewRun(pipeline: pipeline, parameters: parameters, priority: original.priority, tags: original.tags,
                         callbackURL: original.callbackURL)
        run.retryOf = original.id
        run.reusedSteps = plan.reused
        run.trigger = RunTrigger(kind: .retry, name: original.id)
        // The original's trace goes on: the retry's spans hang under the run it retries.
        run.trace = original.trace?.child() ?? TraceContext.fresh()
        let record = try await state.runs.enqueue(run)
        state.metrics.countTrigger(pipeline: pipeline.name, outcome: "accepted")
        return (record, plan.fromStep)
    }
}
