import KickoffModel
import Synchronization

/// Where the threads of a run's steps leave their results for the run's thread, which waits here
/// for the next one (or for a retry's due time, or a stop).
final class StepCompletions: Sendable {
    struct Completion: Sendable {
        var step: String
        var finished: StepAttempt.Finished
    }

    private let results = Mutex<[Completion]>([])
    private let wakeup = Wakeup()

    func post(_ completion: Completion) {
        results.withLock { $0.append(completion) }
        wakeup.signal()
    }

    /// Wakes the waiting thread with nothing to take (the run is stopping).
    func poke() {
        wakeup.signal()
    }

    /// What has arrived; when nothing has, waits until something does, a poke, or `deadline`.
    func take(until deadline: ContinuousClock.Instant?) -> [Completion] {
        let seen = wakeup.signals
        let ready = results.withLock { results -> [Completion] in
            defer { results = [] }
            return results
        }
        if !ready.isEmpty { return ready }
        wakeup.wait(afterSignals: seen, until: deadline)
        return results.withLock { results -> [Completion] in
            defer { results = [] }
            return results
        }
    }
}
