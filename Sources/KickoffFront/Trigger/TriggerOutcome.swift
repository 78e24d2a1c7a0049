import KickoffModel

/// What a trigger led to.
enum TriggerOutcome: Sendable {
    /// The run was stored just now: 202.
    case accepted(RunRecord)
    /// The `Idempotency-Key` was used before with the same body: 200 with that run.
    case replayed(RunRecord)

    var record: RunRecord {
        switch self {
        case .accepted(let record), .replayed(let record): record
        }
    }
}
