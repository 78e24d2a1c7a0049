import Hummingbird
import KickoffModel
import KickoffStore
import Logging

/// Reading runs (scope `read`) and canceling them (scope `trigger`).
struct RunRoutes {
    let state: FrontState

    func registerReading(on group: RouterGroup<AuthenticatedContext>) {
        group.get("/v1/runs/:id") { _, context in
            let record = try await state.run(id: context.parameters.get("id") ?? "")
            return try JSONResponse.make(try await state.runObject(record))
        }
        group.get("/v1/runs") { request, _ in
            let query = try RunListQuery(request: request)
            let page = try await RunLister(state: state).page(query)
            return try JSONResponse.make(page)
        }
        group.get("/v1/runs/:id/logs") { request, context in
            let record = try await state.run(id: context.parameters.get("id") ?? "")
            let logs = try await state.runs.logs(id: record.id)
            if let step = request.query("step") {
                guard record.steps.contains(where: { $0.name == step }) else {
                    let known = record.steps.map(\.name).joined(separator: ", ")
                    throw Problem.notFound("run \(record.id) has no step '\(step)'; its steps are \(known)")
                }
                return JSONResponse.text(logs[step] ?? "", contentType: "text/plain; charset=utf-8")
            }
            // Every step that has logs, in run order, each under a header line.
            let text = record.steps.compactMap { step in logs[step.name].map { "==> \(step.name) <==\n" + $0 } }
            return JSONResponse.text(text.joined(separator: text.isEmpty ? "" : "\n"), contentType: "text/plain; charset=utf-8")
        }
    }

    func registerCanceling(on group: RouterGroup<AuthenticatedContext>) {
        group.post("/v1/runs/:id/cancel") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard RunID.isValid(id) else { throw FrontState.notARunID(id) }
            let result = try await state.runs.cancel(id: id)
            switch result {
            case .missing:
                throw Problem.notFound("no run '\(id)'")
            case .finished:
                let status = try await state.runs.run(id: id)?.status.rawValue ?? "finished"
                throw Problem.conflict("run \(id) has already finished (\(status)); there is nothing to cancel")
            case .canceled, .cancelRequested:
                let record = try await state.run(id: id)
                if result == .canceled {
                    state.metrics.countCanceled(pipeline: state.pipelines.pipeline(named: record.pipeline) == nil ? "(unknown)" : record.pipeline)
                }
                // What the cancel did, not what the record shows by now (a running run may have ended since).
                let cancel: CancelOutcome = result == .canceled ? .immediate : .requested
                context.logger.info("cancel", metadata: ["key": .string(context.key.name), "run_id": .string(id),
                                                         "status": .string(record.status.rawValue), "cancel": .string(cancel.rawValue)])
                let answer = CancelAnswer(run: try await state.runObject(record), cancel: cancel)
                return JSONResponse.make(json: answer.jsonValue, status: .accepted)
            }
        }
    }
}
