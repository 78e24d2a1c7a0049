/// One event on its way to one URL, as the outbox keeps it (hash `{ns}:webhook:<id>`).
public struct WebhookDelivery: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Waiting in the due zset for its next attempt.
        case pending
        /// A deliverer holds it under a lease.
        case inflight
        case delivered
        /// Given up on: listed among the dead letters.
        case dead
    }

    /// `<run id>_callback` or `<run id>_<endpoint id>`.
    public var id: String
    /// `msg_…`: the `webhook-id` header, the same on every attempt so receivers can dedupe.
    public var eventID: String
    public var runID: String
    public var type: WebhookEventType
    public var url: String
    /// `callback` or the endpoint id.
    public var target: String
    public var state: State
    /// Attempts made so far (since the last redelivery).
    public var attempts: Int
    /// When the event happened (the run's final state), Unix ms.
    public var eventAt: Int64
    public var lastAttemptAt: Int64?
    public var lastStatus: Int?
    /// Why the last attempt failed; for a dead letter, why it is one.
    public var lastError: String?
    public var deadAt: Int64?
    /// The claiming deliverer's token (in-flight only).
    public var token: String?

    /// From the outbox's hash fields.
    public init(fields: [String: String]) throws(UnreadableWebhookDelivery) {
        guard let id = fields["id"], let eventID = fields["event_id"], let runID = fields["run_id"], let url = fields["url"] else {
            throw UnreadableWebhookDelivery(id: fields["id"] ?? "?", reason: "lacks id, event_id, run_id or url")
        }
        guard let type = fields["type"].flatMap(WebhookEventType.init(rawValue:)) else {
            throw UnreadableWebhookDelivery(id: id, reason: "unknown type \(fields["type"] ?? "")")
        }
        self.id = id
        self.eventID = eventID
        self.runID = runID
        self.type = type
        self.url = url
        target = fields["target"] ?? ""
        state = fields["state"].flatMap(State.init(rawValue:)) ?? .pending
        attempts = fields["attempts"].flatMap { Int($0) } ?? 0
        eventAt = fields["event_at"].flatMap { Int64($0) } ?? 0
        lastAttemptAt = fields["last_attempt_at"].flatMap { Int64($0) }
        lastStatus = fields["last_status"].flatMap { Int($0) }
        lastError = fields["last_error"].flatMap { $0.isEmpty ? nil : $0 }
        deadAt = fields["dead_at"].flatMap { Int64($0) }
        token = fields["token"]
    }
}

/// A stored delivery lacks a field it needs or holds one it cannot read.
public struct UnreadableWebhookDelivery: Error, Sendable, Hashable {
    public var id: String
    public var reason: String
}
