import Foundation
import Synchronization

/// Threads for the work each step brings (its process's wait, its log pump), kept for the next step
/// instead of ending: a new thread costs a stack mapping, a clone and a name, twice per step, which
/// on a drain of short steps was a measurable share of a worker's system calls. At most `maxIdle`
/// wait for work; one more ends when it is done.
final class ReusedThreads: Sendable {
    static let steps = ReusedThreads(name: "kickoff-step", maxIdle: 8)

    private let name: String
    private let maxIdle: Int
    private let idle = Mutex<[Parked]>([])

    init(name: String, maxIdle: Int) {
        self.name = name
        self.maxIdle = maxIdle
    }

    /// Runs `body` on an idle thread, or a new one; `join()` on the result waits for `body` only.
    @discardableResult
    func start(_ body: @escaping @Sendable () -> Void) -> DedicatedThread {
        let job = Job(body: body, finished: StopSignal())
        if let parked = idle.withLock({ $0.popLast() }) {
            parked.hand(job)
        } else {
            let parked = Parked()
            let system = Thread { [self] in run(parked, first: job) }
            system.name = name
            system.start()
        }
        return DedicatedThread(finished: job.finished)
    }

    struct Job: Sendable {
        let body: @Sendable () -> Void
        let finished: StopSignal
    }

    private func run(_ parked: Parked, first: Job) {
        var job = first
        while true {
            job.body()
            // Idle again before the job counts as finished: a job started right after a `join()` finds it.
            let kept = idle.withLock { threads in
                guard threads.count < maxIdle else { return false }
                threads.append(parked)
                return true
            }
            job.finished.stop()
            guard kept else { return }
            job = parked.next()
        }
    }

    /// One idle thread's mailbox: the job handed to it, and the wake-up it waits on.
    private final class Parked: Sendable {
        private let wakeup = Wakeup()
        private let job = Mutex<Job?>(nil)

        func hand(_ next: Job) {
            job.withLock { $0 = next }
            _ = wakeup.signal()
        }

        /// Waits for the next job (the count of hand-overs so far tells a missed signal apart).
        func next() -> Job {
            while true {
                let seen = wakeup.signals
                if let next = job.withLock({ current -> Job? in
                    defer { current = nil }
                    return current
                }) { return next }
                _ = wakeup.wait(afterSignals: seen, until: nil)
            }
        }
    }
}
