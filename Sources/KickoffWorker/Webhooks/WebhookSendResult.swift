import KickoffModel
import KickoffStore

/// What happened to one HTTP attempt, before the retry policy judges it.
enum WebhookSendResult: Sendable, Hashable {
    /// The receiver answered (any status).
    case answered(statusCode: Int, retryAfter: Duration?)
    /// No answer: refused, reset, timed out, unreachable. Worth another try.
    case unreachable(String)
    /// The URL may not be sent to (SSRF guard, not http(s)): never worth another try.
    case refused(String)
    /// The deliverer is stopping and the attempt was cut short.
    case interrupted
}

/// Turns an attempt's result into the outbox's outcome: any 2xx is delivered; timeouts, connection
/// errors, 5xx and 429 are retried along the schedule (429 and 503 honour `Retry-After`); anything
/// else is a dead letter at once, and so is a retryable failure after the schedule's last attempt.
enum WebhookAttemptPolicy {
    static func outcome(of result: WebhookSendResult, attempt: Int, schedule: WebhookRetrySchedule) -> WebhookOutcome {
        func retry(_ status: Int?, _ error: String, retryAfter: Duration? = nil) -> WebhookOutcome {
            guard let delay = schedule.delay(afterAttempt: attempt, retryAfter: retryAfter) else {
                return .dead(statusCode: status, error: error + " (gave up after \(attempt) attempts)")
            }
            return .retry(statusCode: status, error: error, after: delay)
        }
        switch result {
        case .answered(let status, let retryAfter):
            switch status {
            case 200..<300: return .delivered(statusCode: status)
            case 429, 500..<600: return retry(status, "HTTP \(status)", retryAfter: retryAfter)
            case 300..<400: return .dead(statusCode: status, error: "HTTP \(status): redirects are not followed")
            default: return .dead(statusCode: status, error: "HTTP \(status)")
            }
        case .unreachable(let reason):
            return retry(nil, reason)
        case .refused(let reason):
            return .dead(statusCode: nil, error: reason)
        case .interrupted:
            return .release
        }
    }
}
