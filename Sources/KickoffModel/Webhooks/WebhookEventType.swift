/// The events Kickoff sends: one per run reaching a final state.
public enum WebhookEventType: String, Sendable, Hashable, CaseIterable, Codable {
    case runSucceeded = "run.succeeded"
    case runFailed = "run.failed"
    case runCanceled = "run.canceled"
}
