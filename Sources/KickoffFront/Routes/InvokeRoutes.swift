import Foundation
import Hummingbird
import KickoffModel
import KickoffStore
import Logging

/// `POST /v1/pipelines/{name}/invoke?timeout=` (scope `trigger`), in the style of ZenML
/// Deployments: triggers like `…/runs`, then waits on the run's event stream (XREAD BLOCK on a
/// dedicated connection, not a polling loop) for its final event, up to the timeout.
/// 200 with the outcome when the run ended in time, else 202 with the run object.
struct InvokeRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        let service = TriggerService(state: state)
        group.post("/v1/pipelines/:name/invoke") { request, context in
            let name = context.parameters.get("name") ?? ""
            let timeout = try timeout(request.query("timeout"))
            let body = try await request.bodyBytes(context: context)
            let (parsed, errors) = try TriggerRequest.parse(body)
            let outcome = try await service.trigger(pipelineName: name, request: parsed, fieldErrors: errors, body: body,
                                                    route: "invoke:" + name, headers: request.headers, context: context)
            let id = outcome.record.id
            let deadline = ContinuousClock.now + timeout
            var finished = outcome.record.status.isFinal
            let record: RunRecord
            do {
                if !finished {
                    let reader = RunEventReader(streams: state.store.eventStreams, limit: state.followers)
                    try await reader.follow(runID: id, after: "0", wait: {
                        let remaining = deadline - ContinuousClock.now
                        return remaining > .zero ? remaining : nil
                    }) { step in
                        guard case .events(let events) = step else { return true }
                        finished = events.contains(where: \.isFinal)
                        return !finished
                    }
                }
                record = try await state.run(id: id)
            } catch {
                // The run is stored: never answer "nothing was stored" now. 202, follow it by its id.
                context.logger.warning("invoke could not wait for its run", metadata: ["run_id": .string(id), "error": "\(error)"])
                let run = RunObject(record: outcome.record)
                return try JSONResponse.make(run, status: .accepted, headers: [.location: run.links.`self`])
            }
            guard record.status.isFinal else {
                let run = RunObject(record: record)
                return try JSONResponse.make(run, status: .accepted, headers: [.location: run.links.`self`])
            }
            return try JSONResponse.make(InvokeResult(record: record), headers: [.location: "/v1/runs/\(id)"])
        }
    }

    private func timeout(_ text: String?) throws(Problem) -> Duration {
        guard let text else { return state.configuration.invokeDefaultTimeout }
        let maximum = Double(state.configuration.invokeMaximumTimeout.components.seconds)
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= maximum else {
            throw Problem.invalid([FieldError(field: "timeout", message: "expected seconds from 0 to \(Int(maximum))")],
                                  detail: "the query has invalid parameters")
        }
        return .milliseconds(Int64(seconds * 1000))
    }
}

/// `{"success","outputs","execution_time","metadata":{"run_id","pipeline_name","parameters_used"},"error"?}`.
struct InvokeResult: Encodable {
    var success: Bool
    var outputs: JSONValue
    /// Seconds from start (or creation, if it never started) to finish.
    var executionTime: Double
    var metadata: Metadata
    var error: String?

    struct Metadata: Encodable {
        var runID: String
        var pipelineName: String
        var parametersUsed: [String: [String: JSONValue]]

        enum CodingKeys: String, CodingKey {
            case runID = "run_id"
            case pipelineName = "pipeline_name"
            case parametersUsed = "parameters_used"
        }
    }

    init(record: RunRecord) {
        success = record.status == .succeeded
        outputs = record.outputs ?? .object([:])
        let start = record.startedAt ?? record.createdAt
        executionTime = Double(max(0, (record.finishedAt ?? start) - start)) / 1000
        metadata = Metadata(runID: record.id, pipelineName: record.pipeline, parametersUsed: record.parameters)
        if !success {
            error = record.error.map { error in error.step.map { "\($0): \(error.message)" } ?? error.message } ?? "run \(record.status.rawValue)"
        }
    }

    enum CodingKeys: String, CodingKey {
        case success, outputs, metadata, error
        case executionTime = "execution_time"
    }
}
