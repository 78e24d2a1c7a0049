import KickoffModel

/// What a trigger led to.
enum TriggerOutcome: Sendable {
    /// The run was stored just now: 202.
    case accepted(RunRecord)
    /// The trigger joined the debounced run gathering its key's triggers: 202 with that run and
    /// `"debounced": true`.
    case debounced(RunRecord)
    /// The `Idempotency-Key` was used before with the same body: 200 with that run.
    case replayed(RunRecord)

    var record: RunRecord {
        switch self {
        case .accepted(let record), .debounced(let record), .replayed(let record): record
        }
    }

    /// 202 for a run stored or joined just now, 200 for a replay.
    var isNew: Bool {
        if case .replayed = self { return false }
        return true
    }

    var isDebounced: Bool {
        if case .debounced = self { return true }
        return false
    }
}
