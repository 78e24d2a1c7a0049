import Foundation

/// Waits for a condition by polling it, failing after a deadline: synchronisation for tests
/// without fixed sleeps. The deadline is generous; it only bounds a failing test.
public enum Eventually {
    public static func poll(
        _ what: String,
        deadline: Duration = .seconds(20),
        every interval: Duration = .milliseconds(20),
        _ condition: @Sendable () async throws -> Bool
    ) async throws {
        let end = ContinuousClock.now + deadline
        while true {
            if try await condition() { return }
            guard ContinuousClock.now < end else { throw TestSupportError("timed out after \(deadline) waiting for: \(what)") }
            try await Task.sleep(for: interval)
        }
    }
}

/// Runs blocking work (hiredis calls, waitpid) on a thread of its own, never on the cooperative pool.
public func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Swift.Result { try body() })
        }
        thread.start()
    }
}
