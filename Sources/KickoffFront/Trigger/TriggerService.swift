import Foundation
import Hummingbird
import KickoffModel
import KickoffStore
import KickoffTelemetry
import Logging

/// The one way a run is created, for `/v1/pipelines/{name}/runs`, `/trigger` and `invoke`:
/// check everything, honour `Idempotency-Key`, enqueue, and log the attempt as one line.
/// A 202 is only ever answered after `enqueue` returned: the run is stored.
struct TriggerService: Sendable {
    let state: FrontState

    func trigger(pipelineName: String, request parsed: TriggerRequest, fieldErrors: [FieldError], body: [UInt8],
                 route: String, headers: HTTPFields, context: SignedInContext<some RequestCaller>) async throws -> TriggerOutcome {
        var outcome = "error"
        var runID = "-"
        defer {
            // One line per attempt: who, what, how it ended. Never the key itself.
            context.logger.info("trigger", metadata: [
                "key": .string(context.key.name), "pipeline": .string(pipelineName),
                "outcome": .string(outcome), "run_id": .string(runID), "client": .string(context.clientAddress),
            ])
            let label = state.pipelines.pipeline(named: pipelineName) == nil ? "(unknown)" : pipelineName
            state.metrics.countTrigger(pipeline: label, outcome: outcome)
        }
        do {
            let result = try await perform(pipelineName: pipelineName, parsed: parsed, fieldErrors: fieldErrors,
                                           body: body, route: route, headers: headers, context: context)
            switch result {
            case .accepted(let record): outcome = "accepted"; runID = record.id
            case .debounced(let record): outcome = "debounced"; runID = record.id
            case .replayed(let record): outcome = "replayed"; runID = record.id
            }
            return result
        } catch {
            outcome = Self.outcome(of: error)
            throw error
        }
    }

    private func perform(pipelineName: String, parsed: TriggerRequest, fieldErrors: [FieldError], body: [UInt8],
                         route: String, headers: HTTPFields, context: SignedInContext<some RequestCaller>) async throws -> TriggerOutcome {
        let started = WallClock.milliseconds()
        let pipeline = try state.pipeline(named: pipelineName)
        var errors = fieldErrors
        var parameters: ResolvedParameters = [:]
        switch pipeline.resolve(parsed.values) {
        case .success(let resolved):
            parameters = resolved
            errors += Self.oversizedParameters(resolved)
            errors += pipeline.argumentProblems(resolved)
        case .failure(let problems): errors += problems.errors
        }
        if let callbackURL = parsed.callbackURL {
            // Refused here already (and again after DNS at delivery): no webhooks to private networks.
            do {
                _ = try state.configuration.callbackPolicy.check(callbackURL)
            } catch {
                errors.append(FieldError(field: "callback_url", message: "\(error)"))
            }
        }
        guard errors.isEmpty else { throw Problem.invalid(errors) }

        var keyCheck = context.deferredKeyCheck
        var claim: (key: String, fingerprint: String)?
        if let idempotencyKey = headers[HeaderNames.idempotencyKey] {
            // A replayed answer does not come from the enqueue script: the key is checked first.
            if let check = keyCheck {
                try await check.confirm()
                keyCheck = nil
            }
            guard (1...255).contains(idempotencyKey.utf8.count) else {
                throw Problem.invalid([FieldError(field: "Idempotency-Key", message: "the header value must have 1 to 255 bytes")])
            }
            let key = state.idempotency.key(apiKeyName: context.key.name, idempotencyKey: idempotencyKey)
            let fingerprint = IdempotencyStore.fingerprint(route: route, body: body)
            switch try await state.idempotency.begin(key: key, fingerprint: fingerprint) {
            case .claimed:
                claim = (key, fingerprint)
            case .replay(let runID):
                guard let record = try await state.runs.run(id: runID) else {
                    throw Problem.conflict("the run \(runID) this Idempotency-Key stands for is no longer kept")
                }
                return .replayed(record)
            case .mismatch:
                throw Problem.invalid([FieldError(field: "Idempotency-Key", message: "this key was already used with a different request body")],
                                      detail: "the Idempotency-Key was already used for another request")
            case .inFlight:
                throw Problem.conflict("a request with this Idempotency-Key is still being handled; retry shortly")
            }
        }

        var run = NewRun(pipeline: pipeline, parameters: parameters, priority: parsed.priority, delay: parsed.delay,
                         tags: parsed.tags, callbackURL: parsed.callbackURL)
        if let idempotencyKey = headers[HeaderNames.idempotencyKey] {  // its partition (with one: nothing changes)
            run = run.placed(in: state.store.keys.partitions,
                             idempotencyKey: IdempotencyStore.partitionKey(apiKeyName: context.key.name, idempotencyKey: idempotencyKey))
        }
        run.trigger = parsed.trigger ?? RunTrigger(kind: route.hasPrefix("ui:") ? .dashboard : .api, name: context.key.name)
        let caller = Self.callerTrace(headers)
        run.trace = caller?.child() ?? TraceContext.fresh()
        // Fair share: by default each API key is a group of its own.
        if run.fairness.isEmpty { run.fairness = "key:" + context.key.name }
        let submitted: RunStore.Submitted
        do {
            submitted = try await submit(run, keyCheck: keyCheck)
        } catch {
            // After a lost connection, or without the replicas' confirmation, the run may have been
            // stored all the same: keep the key's claim (it expires by itself), so a retry with the
            // key gets 409 rather than a second run.
            let uncertain = (error as? StoreError)?.mayHaveBeenApplied ?? false
            if let claim, !uncertain { await state.idempotency.abandon(key: claim.key, fingerprint: claim.fingerprint) }
            throw error
        }
        let record: RunRecord, debounced: Bool
        switch submitted {
        case .stored(let stored): (record, debounced) = (stored, false)
        case .debounced(let joined): (record, debounced) = (joined, true)
        case .skipped(let holder):
            if let claim { await state.idempotency.abandon(key: claim.key, fingerprint: claim.fingerprint) }
            throw Problem.conflict("a concurrency limit of pipeline \(pipeline.name) is reached (on_limit: skip): run \(holder) holds the slot")
        }
        if let claim {
            do {
                try await state.idempotency.complete(key: claim.key, fingerprint: claim.fingerprint, runID: record.id)
            } catch {
                // The run is stored; only the key's memory is lost (its claim expires by itself).
                context.logger.warning("idempotency key not recorded", metadata: ["run_id": .string(run.id), "error": "\(error)"])
            }
        }
        if let trace = run.trace {
            Self.recordSpan(trace, caller: caller, name: "trigger \(pipeline.name)", start: started,
                            attributes: ["kickoff.run_id": record.id, "kickoff.pipeline": pipeline.name])
        }
        // The record as stored: one round trip per trigger, and the answer says `queued` even when a
        // worker has claimed the run in the meantime.
        return debounced ? .debounced(record) : .accepted(record)
    }

    /// Enqueues `run`; with a deferred key check, in the same script call as the check (one round trip).
    private func submit(_ run: NewRun, keyCheck: DeferredKeyCheck?) async throws -> RunStore.Submitted {
        guard let keyCheck else { return try await state.runs.submit(run) }
        switch try await state.runs.submit(run, keyCheck: keyCheck.store) {
        case .done(let submitted):
            return submitted
        case .rateLimited(let milliseconds):
            throw Problem.rateLimited(retryAfterSeconds: max(1, Int((milliseconds + 999) / 1000)))
        case .keyChanged:
            // Revoked, changed or touched since this process last read it: the ordinary check (401, 403,
            // 429), then the ordinary enqueue. Nothing was stored.
            try await keyCheck.confirm()
            return try await state.runs.submit(run)
        }
    }

    /// The caller's W3C `traceparent`/`tracestate`, or nil when there is none (or it is malformed, which
    /// the specification says to treat as none). A run keeps a child of it: the trigger's span, under
    /// which its queue wait, steps and webhooks hang; without one, a trace of its own.
    static func callerTrace(_ headers: HTTPFields) -> TraceContext? {
        headers[HeaderNames.traceparent].flatMap { TraceContext(traceparent: $0, tracestate: headers[HeaderNames.tracestate]) }
    }

    /// The trigger's span (the one `trace` names), under the caller's, when spans are exported.
    static func recordSpan(_ trace: TraceContext, caller: TraceContext?, name: String, start: Int64, attributes: [String: String]) {
        SpanExporter.shared?.record(TraceSpan(trace, parent: caller?.parentID, name: name, kind: .server, startMilliseconds: start,
                                              endMilliseconds: WallClock.milliseconds(), attributes: attributes))
    }

    /// A step gets its values in one environment variable (`KICKOFF_PARAMETERS`), and Linux refuses
    /// to start a process with a variable over 128 KiB: refused here, not on every attempt later.
    static let maximumStepParametersBytes = 120 * 1024

    static func oversizedParameters(_ parameters: ResolvedParameters) -> [FieldError] {
        parameters.keys.sorted().compactMap { step in
            let size = JSONValue.object(parameters[step] ?? [:]).jsonString().utf8.count
            guard size > maximumStepParametersBytes else { return nil }
            return FieldError(field: "steps.\(step).parameters",
                              message: "\(size) bytes of JSON; a step's parameters may take at most \(maximumStepParametersBytes) (they reach it in an environment variable)")
        }
    }

    static func outcome(of error: any Error) -> String {
        switch error {
        case let problem as Problem:
            switch problem.status {
            case .notFound: "unknown_pipeline"
            case .unprocessableContent: "invalid"
            case .conflict: "conflict"
            case .serviceUnavailable: "unavailable"
            default: "rejected"
            }
        case let error as StoreError where error.isStoreFull: "store_full"
        case let error as StoreError where error.isTransient: "unavailable"
        default: "error"
        }
    }
}
