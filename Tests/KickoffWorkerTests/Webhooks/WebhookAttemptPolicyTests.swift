import KickoffModel
import KickoffStore
@testable import KickoffWorker
import Testing


/// Which answers are delivered, retried or dead letters.
@Suite struct WebhookAttemptPolicyTests {
    let schedule = WebhookRetrySchedule(delays: [.seconds(1), .seconds(2)])

    func outcome(_ result: WebhookSendResult, attempt: Int = 1) -> WebhookOutcome {
        WebhookAttemptPolicy.outcome(of: result, attempt: attempt, schedule: schedule)
    }

    @Test func any2xxIsDelivered() {
        for status in [200, 201, 202, 204, 299] {
            #expect(outcome(.answered(statusCode: status, retryAfter: nil)) == .delivered(statusCode: status))
        }
    }

    @Test func serverErrorsTooManyRequestsAndNoAnswerAreRetriedUntilTheScheduleEnds() {
        for result: WebhookSendResult in [.answered(statusCode: 500, retryAfter: nil), .answered(statusCode: 503, retryAfter: nil),
                                          .answered(statusCode: 429, retryAfter: nil), .unreachable("connection refused")] {
            guard case .retry = outcome(result, attempt: 2) else { Issue.record("\(result) not retried"); continue }
            guard case .dead(_, let error) = outcome(result, attempt: 3) else { Issue.record("\(result) not dead after the schedule"); continue }
            #expect(error.contains("gave up after 3 attempts"))
        }
        guard case .retry(429, _, let after) = outcome(.answered(statusCode: 429, retryAfter: .seconds(60))) else {
            Issue.record("429 not retried")
            return
        }
        #expect(after == .seconds(60))
    }

    @Test func otherAnswersAreDeadLettersAtOnce() {
        for status in [301, 302, 400, 401, 403, 404, 410, 422] {
            guard case .dead(status, _) = outcome(.answered(statusCode: status, retryAfter: nil)) else {
                Issue.record("HTTP \(status) is not a dead letter")
                continue
            }
        }
        #expect(outcome(.refused("private address")) == .dead(statusCode: nil, error: "private address"))
        #expect(outcome(.interrupted) == .release)
    }
}
