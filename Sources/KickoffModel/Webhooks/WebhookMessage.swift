import Foundation

/// One attempt's HTTP request content: the body `{"type","timestamp","data":<run object>}` and the
/// Standard Webhooks headers, signed afresh each attempt (new timestamp, same `webhook-id`).
public struct WebhookMessage: Sendable {
    public var body: [UInt8]
    public var headers: [(name: String, value: String)]
    /// The span this attempt is (its `traceparent`) and the run's span above it; nil without a trace.
    public var trace: (span: TraceContext, parent: String)?

    /// `sentAt` is Unix seconds: the `webhook-timestamp`.
    public init(delivery: WebhookDelivery, run: RunRecord, attempts: [WebhookAttempt], signer: WebhookSigner, sentAt: Int64) {
        let envelope = Envelope(type: delivery.type.rawValue, timestamp: Timestamp.rfc3339(milliseconds: delivery.eventAt),
                                data: RunObject(record: run, webhookDeliveries: attempts.map(RunObject.WebhookDelivery.init)))
        // The run object is made of strings, numbers and JSON values read back from Redis: encoding
        // cannot fail; should it, the receiver still gets a body and the signature covers it.
        body = (try? SortedJSON.data(envelope)).map { Array($0) } ?? Array("null".utf8)
        headers = [("content-type", "application/json")] + signer.headers(id: delivery.eventID, timestamp: sentAt, body: body)
        // The run's trace goes on to the receiver (W3C Trace Context), under a span of the delivery's own.
        if let runTrace = run.trace {
            let span = runTrace.child()
            headers.append((name: "traceparent", value: span.traceparent))
            if let state = span.state { headers.append((name: "tracestate", value: state)) }
            trace = (span, runTrace.parentID)
        }
    }

    /// The contract's body: `{"type","timestamp","data":<run object>}`.
    struct Envelope: Encodable {
        var type: String
        var timestamp: String
        var data: RunObject
    }
}
