/// One attempt to deliver a webhook, as kept in the run's deliveries list and shown in the run
/// object's `webhook_deliveries`. `at` is Unix milliseconds (the API renders it as RFC 3339).
public struct WebhookAttempt: Sendable, Hashable, Codable {
    /// 1 for the first attempt of a delivery (a redelivery starts again at 1).
    public var attempt: Int
    /// The HTTP status of the answer; nil when there was none (refused, timed out, unreachable).
    public var statusCode: Int?
    public var at: Int64
    /// Why the attempt did not deliver; nil when it did.
    public var error: String?
    public var url: String

    public init(attempt: Int, statusCode: Int?, at: Int64, error: String?, url: String) {
        self.attempt = attempt
        self.statusCode = statusCode
        self.at = at
        self.error = error
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case attempt, at, error, url
        case statusCode = "status_code"
    }
}
