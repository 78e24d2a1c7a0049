import KickoffModel
import KickoffTelemetry

/// The worker's spans, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: a run's wait in the queue, each of
/// its steps and each webhook delivery, under the run's trace context (the trigger's span).
enum WorkerSpans {
    static func queueWait(_ record: RunRecord) {
        guard let exporter = SpanExporter.shared, let trace = record.trace else { return }
        let claimed = record.startedAt ?? WallClock.milliseconds()
        exporter.record(TraceSpan(trace.child(), parent: trace.parentID, name: "queue_wait", kind: .consumer,
                                  startMilliseconds: record.queuedAt ?? record.createdAt, endMilliseconds: claimed,
                                  attributes: attributes(record)))
    }

    /// `span`: the context the step was given in `TRACEPARENT`.
    static func step(_ span: TraceContext?, of record: RunRecord, state: StepState) {
        guard let exporter = SpanExporter.shared, let span, let parent = record.trace?.parentID else { return }
        var attributes = attributes(record)
        attributes["kickoff.step"] = state.name
        attributes["kickoff.step.status"] = state.status.rawValue
        if let code = state.exitCode { attributes["process.exit.code"] = String(code) }
        let end = state.finishedAt ?? WallClock.milliseconds()
        exporter.record(TraceSpan(span, parent: parent, name: "step \(state.name)", startMilliseconds: state.startedAt ?? end,
                                  endMilliseconds: end, attributes: attributes, failed: state.status != .succeeded))
    }

    /// `message.trace`: the context the delivery's `traceparent` carried, and the run's span above it.
    static func webhook(_ message: WebhookMessage, delivery: WebhookDelivery, url: String, start: Int64, result: WebhookSendResult) {
        guard let exporter = SpanExporter.shared, let trace = message.trace else { return }
        var failed = true
        if case .answered(let code, _) = result { failed = !(200..<300).contains(code) }
        exporter.record(TraceSpan(trace.span, parent: trace.parent, name: "webhook \(delivery.type.rawValue)", kind: .client,
                                  startMilliseconds: start, endMilliseconds: WallClock.milliseconds(),
                                  attributes: ["kickoff.run_id": delivery.runID, "kickoff.webhook.delivery": delivery.id,
                                               "url.full": URLRedaction.redacted(url)],
                                  failed: failed))
    }

    private static func attributes(_ record: RunRecord) -> [String: String] {
        ["kickoff.run_id": record.id, "kickoff.pipeline": record.pipeline, "kickoff.attempt": String(record.attempt)]
    }
}
