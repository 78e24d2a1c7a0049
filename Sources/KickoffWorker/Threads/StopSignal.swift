/// A flag that is raised once (`stop()`) and waited for, with or without a timeout: what stops a
/// worker's dedicated thread, interrupts its pauses, or tells that a task it waits for has ended.
/// Sticky: once raised, every wait returns at once.
final class StopSignal: Sendable {
    private let wakeup = Wakeup()

    init() {}

    var isStopped: Bool { wakeup.signals > 0 }

    /// Raises the flag and wakes every waiter; true for the first call only.
    @discardableResult
    func stop() -> Bool {
        wakeup.signal() == 1
    }

    /// Blocks the calling thread (never a Swift concurrency one) for up to `timeout`, on the monotonic
    /// clock; returns early, with true, once the flag is raised.
    func wait(for timeout: Duration) -> Bool {
        wakeup.wait(afterSignals: 0, until: .now + timeout) > 0
    }

    /// Blocks the calling thread (never a Swift concurrency one) until the flag is raised.
    func wait() {
        wakeup.wait(afterSignals: 0, until: nil)
    }
}
