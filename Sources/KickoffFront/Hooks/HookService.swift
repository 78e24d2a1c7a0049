import Foundation
import Hummingbird
import KickoffModel
import KickoffStore
import Logging

/// `POST /v1/hooks/{source}`: verify the delivery's signature, pick the routes it matches, map the
/// payload onto each route's pipeline, and enqueue the runs in the script that also de-duplicates
/// the delivery id (with partitions: de-duplicated first, then each run enqueued in its partition,
/// before the answer; `HookStore+Partitions`). 202 `{"runs":[…]}`; 202 `{"runs":[],"filtered":true}`; 200 for a redelivery
/// with the runs it made; 401 (only counted); 422 (recorded with every field).
struct HookService: Sendable {
    let state: FrontState

    func handle(sourceName: String, request: Request, context: FrontRequestContext) async throws -> Response {
        let started = WallClock.milliseconds()
        guard let source = state.pipelines.source(named: sourceName) else {
            let known = state.pipelines.sources.map(\.name).joined(separator: ", ")
            throw Problem.notFound("no source '\(sourceName.prefix(64))'; the sources are \(known.isEmpty ? "(none)" : known)")
        }
        var outcome = HookMetrics.Outcome.rejected
        var deliveryID = "-", runIDs: [String] = []
        defer {
            state.metrics.hooks.count(source: source.name, outcome)
            context.logger.info("hook", metadata: [
                "source": .string(source.name), "delivery": .string(deliveryID), "outcome": .string(outcome.rawValue),
                "runs": .string(runIDs.joined(separator: ",")), "client": .string(context.clientAddress),
            ])
        }
        guard let secret = state.configuration.sourceSecrets[source.name] else {
            throw Problem(status: .serviceUnavailable, slug: "source-not-configured", title: "Service Unavailable",
                          detail: "source '\(source.name)' has no secret: set \(source.secretEnv) in the front's environment")
        }
        let body = try await request.bodyBytes(context: context)
        let headers = request.headers
        let header: @Sendable (String) -> String? = { name in HTTPFields.Element.Name(name).flatMap { headers[$0] } }
        if case .failure(let failure) = HookSignatureCheck.verify(source, secret: secret, body: body,
                                                                 now: Int64(Date().timeIntervalSince1970), header: header) {
            outcome = .unauthorized
            // Nothing of an unverified request is kept: only the counter.
            try? await state.store.hooks.countUnauthorized(source: source.name)
            throw Problem(status: .unauthorized, slug: "bad-signature", title: "Unauthorized", detail: failure.description)
        }
        let payload = try JSONBody.parse(body, emptyAs: .object([:]))
        let delivery = HookDelivery(source: source, payload: payload, body: body, header: header)
        deliveryID = delivery.id
        let caller = TriggerService.callerTrace(headers)
        let trace = caller?.child() ?? TraceContext.fresh()

        var runs: [NewRun] = []
        var errors: [FieldError] = []
        for (index, route) in delivery.matchingRoutes() {
            guard let pipeline = state.pipelines.pipeline(named: route.pipeline) else { continue }  // checked at load
            let prefix = "routes[\(index)]."
            switch pipeline.resolve(delivery.values(for: route)) {
            case .success(let parameters):
                let oversized = TriggerService.oversizedParameters(parameters)
                guard oversized.isEmpty else {
                    errors += oversized.map { FieldError(field: prefix + $0.field, message: "pipeline '\(pipeline.name)': \($0.message)") }
                    continue
                }
                var run = NewRun(pipeline: pipeline, parameters: parameters)
                run.trigger = RunTrigger(kind: .source, name: source.name, delivery: delivery.id, event: delivery.event)
                run.trace = trace
                runs.append(run)
            case .failure(let problems):
                errors += problems.errors.map { FieldError(field: prefix + $0.field, message: "pipeline '\(pipeline.name)': \($0.message)") }
            }
        }
        guard errors.isEmpty else {
            try await state.store.hooks.recordInvalid(source: source.name, deliveryID: delivery.id, event: delivery.event, errors: errors)
            outcome = .invalidParameters
            throw Problem.invalid(errors, detail: "the payload's mapped values do not fit the pipeline's parameters")
        }

        switch try await state.store.hooks.accept(source: source.name, deliveryID: delivery.id, event: delivery.event, runs: runs) {
        case .created(let records):
            outcome = .created
            runIDs = records.map(\.id)
            TriggerService.recordSpan(trace, caller: caller, name: "hook \(source.name)", start: started, attributes: [
                "kickoff.source": source.name, "kickoff.delivery": delivery.id, "kickoff.run_ids": runIDs.joined(separator: ","),
            ])
            // The records as stored (each in its partition), without reading them back (as the trigger routes answer).
            let objects = records.map { RunObject(record: $0) }
            return answer(runs: objects.map(\.jsonValue), delivery: delivery, status: .accepted)
        case .filtered:
            outcome = .filtered
            return answer(runs: [], delivery: delivery, status: .accepted, extra: ["filtered": .bool(true)])
        case .duplicate(let ids, let filtered):
            outcome = .duplicate
            runIDs = ids
            var objects: [JSONValue] = []
            for id in ids {
                if let record = try await state.runs.run(id: id) { objects.append(RunObject(record: record).jsonValue) }
                else { objects.append(.object(["id": .string(id)])) }  // no longer kept
            }
            var extra: [String: JSONValue] = ["duplicate": .bool(true)]
            if filtered { extra["filtered"] = .bool(true) }
            return answer(runs: objects, delivery: delivery, status: .ok, extra: extra)
        }
    }

    private func answer(runs: [JSONValue], delivery: HookDelivery, status: HTTPResponse.Status,
                        extra: [String: JSONValue] = [:]) -> Response {
        var body: [String: JSONValue] = ["runs": .array(runs), "delivery": .string(delivery.id),
                                         "event": delivery.event.map(JSONValue.string) ?? .null]
        body.merge(extra) { $1 }
        return JSONResponse.make(json: .object(body), status: status)
    }
}
