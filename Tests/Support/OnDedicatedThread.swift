import Foundation

/// Runs blocking work (a step, a `waitpid`) on a thread of its own, as the worker does, and awaits its
/// result without holding one of the cooperative pool's threads.
public func onDedicatedThread<Value: Sendable>(
    _ body: @escaping @Sendable () throws -> Value
) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try body() })
        }.start()
    }
}
