import Foundation

/// One attempt's HTTP request content: the body `{"type","timestamp","data":<run object>}` and the
/// Standard Webhooks headers, signed afresh each attempt (new timestamp, same `webhook-id`).
public struct WebhookMessage: Sendable {
    public var body: [UInt8]
    public var headers: [(name: String, value: String)]

    /// `sentAt` is Unix seconds: the `webhook-timestamp`.
    public init(delivery: WebhookDelivery, run: RunRecord, attempts: [WebhookAttempt], signer: WebhookSigner, sentAt: Int64) {
        let envelope: JSONValue = .object([
            "type": .string(delivery.type.rawValue),
            "timestamp": .string(WebhookRunObject.rfc3339(delivery.eventAt)),
            "data": WebhookRunObject.json(run, attempts: attempts),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail (no non-finite numbers reach the store); fall back to null.
        body = (try? encoder.encode(envelope)).map { Array($0) } ?? Array("null".utf8)
        headers = [("content-type", "application/json")] + signer.headers(id: delivery.eventID, timestamp: sentAt, body: body)
    }
}
