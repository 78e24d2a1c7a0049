import Foundation

/// A value behind one lock with a condition: threads change it with `update` and wait for a change
/// (or a deadline) with `wait`. Vouches for thread safety by hand, like `Locked`.
final class PoolMonitor<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access, then wakes every waiter.
    func update<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Waits while `shouldWait` holds and `deadline` (nil: none) has not passed, then runs `body` like
    /// `update`. Waits in slices of at most a second: `NSCondition` times out on the wall clock, and
    /// the deadline is on the monotonic one.
    func wait<Result>(
        while shouldWait: (Value) -> Bool,
        until deadline: ContinuousClock.Instant?,
        then body: (inout Value) throws -> Result
    ) rethrows -> Result {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        while shouldWait(value) {
            var slice: Duration = .seconds(1)
            if let deadline {
                let remaining = deadline - .now
                guard remaining > .zero else { break }
                slice = min(slice, remaining)
            }
            let (seconds, attoseconds) = slice.components
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) * 1e-18))
        }
        return try body(&value)
    }
}
