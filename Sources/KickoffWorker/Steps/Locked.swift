import Foundation

/// A value guarded by an `NSLock`: the one place in the steps code that vouches for thread safety by hand.
///
/// `Synchronization.Mutex` would make this unnecessary, but it needs macOS 15 and the package declares 14.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access. Keep it short and never call back into unknown code from it.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
