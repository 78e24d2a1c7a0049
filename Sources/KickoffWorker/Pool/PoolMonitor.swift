import Synchronization

/// A value that the pool's threads change with `update` and wait on with `wait`: the value behind
/// a `Mutex`, its changes announced on a `Wakeup`.
final class PoolMonitor<Value>: Sendable {
    private let value: Mutex<Value>
    private let changes = Wakeup()

    init(_ value: sending Value) {
        self.value = Mutex(value)
    }

    /// Runs `body` with exclusive access, then wakes every waiter.
    func update<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        defer { changes.signal() }
        return value.withLock { body(&$0) }
    }

    /// Waits while `shouldWait` holds and `deadline` (nil: none) has not passed, on the monotonic
    /// clock, then runs `body` like `update`, with no change possible in between.
    func wait<Result: Sendable>(
        while shouldWait: (Value) -> Bool,
        until deadline: ContinuousClock.Instant?,
        then body: (inout Value) -> Result
    ) -> Result {
        while true {
            // The count before the look: a change made after it ends the wait below at once.
            let seen = changes.signals
            let result = value.withLock { value -> Result? in
                if shouldWait(value), deadline.map({ ContinuousClock.now < $0 }) ?? true { return nil }
                return body(&value)
            }
            if let result {
                changes.signal()
                return result
            }
            changes.wait(afterSignals: seen, until: deadline)
        }
    }
}
