import KickoffModel

/// What changed in a run between two snapshots, in the order to show it.
enum ProgressChange: Sendable, Hashable {
    /// The run went back to the queue for another attempt; the steps start over.
    case attempt(Int, of: Int)
    case stepStarted(String)
    /// `elapsed` from the step's own start and finish times, when both are known.
    case stepEnded(String, StepState.Status, elapsed: Duration?, error: String?)
}

/// Compares snapshots of a run (taken whenever an event arrives) with what was shown before. Driven
/// by whole snapshots rather than by each event's data, it shows the same thing whether events
/// arrive one by one, replayed in a burst, or some were missed while reconnecting.
struct RunProgress: Sendable {
    private var shown: [String: StepState.Status] = [:]
    private var attempt: Int?

    mutating func changes(_ run: RunObject) -> [ProgressChange] {
        var changes: [ProgressChange] = []
        if let attempt, run.attempt != attempt {
            changes.append(.attempt(run.attempt, of: run.maxAttempts))
            shown = [:]
        }
        attempt = run.attempt
        for step in run.steps {
            let before = shown[step.name] ?? .pending
            guard step.status != before else { continue }
            if before == .pending, step.startedAt != nil {
                changes.append(.stepStarted(step.name))
            }
            if step.status.isEnded {
                changes.append(.stepEnded(step.name, step.status, elapsed: Self.elapsed(step), error: step.error))
            }
            shown[step.name] = step.status
        }
        return changes
    }

    static func elapsed(_ step: RunObject.Step) -> Duration? {
        guard let start = step.startedAt.flatMap(Timestamp.milliseconds(rfc3339:)),
              let end = step.finishedAt.flatMap(Timestamp.milliseconds(rfc3339:)) else { return nil }
        return .milliseconds(max(0, end - start))
    }
}

extension StepState.Status {
    var isEnded: Bool {
        switch self {
        case .succeeded, .failed, .skipped, .canceled: true
        case .pending, .running: false
        }
    }
}
