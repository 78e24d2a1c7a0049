import Foundation

/// A named OS thread of its own, for work that blocks: hiredis calls, `waitid`, reading a socket,
/// waits on a `StopSignal`. The worker and the pool run such work only on these, never on a Swift
/// concurrency thread: the cooperative pool has one thread per core, and one blocked call stalls a
/// share of the process.
final class DedicatedThread: Sendable {
    private let finished: StopSignal

    /// `finished`: raised when the thread's work is done (`ReusedThreads` raises it for a job).
    init(finished: StopSignal = StopSignal()) {
        self.finished = finished
    }

    /// Starts `body` on a new thread named `name`.
    @discardableResult
    static func start(_ name: String, _ body: @escaping @Sendable () -> Void) -> DedicatedThread {
        let thread = DedicatedThread()
        let finished = thread.finished
        let system = Thread {
            body()
            finished.stop()
        }
        system.name = name
        system.start()
        return thread
    }

    /// Blocks the calling thread (never a Swift concurrency one) until `body` has returned.
    func join() {
        finished.wait()
    }

    /// Pauses the calling thread for `duration`, with nothing to cut it short (for a pause that a
    /// stop interrupts: `StopSignal.wait(for:)`).
    static func sleep(for duration: Duration) {
        _ = StopSignal().wait(for: duration)
    }
}
