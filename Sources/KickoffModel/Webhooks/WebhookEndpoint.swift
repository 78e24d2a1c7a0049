/// A configured receiver of every run's events (`kickoff webhooks add URL --events …`).
public struct WebhookEndpoint: Sendable, Hashable, Codable {
    public var id: String
    public var url: String
    /// The events it wants; empty for every event.
    public var events: [WebhookEventType]

    public init(id: String, url: String, events: [WebhookEventType]) {
        self.id = id
        self.url = url
        self.events = events
    }

    public func wants(_ event: WebhookEventType) -> Bool {
        events.isEmpty || events.contains(event)
    }
}
