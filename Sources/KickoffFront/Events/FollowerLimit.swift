import Foundation

/// Caps how many requests follow runs at once (SSE streams, invokes): each holds a Redis connection
/// of its own, and unbounded they could use up Redis's `maxclients` — and with it the workers'.
/// Beyond the cap a follower gets 503 with Retry-After.
final class FollowerLimit: @unchecked Sendable {
    // @unchecked: `count` is only touched with `lock` held.
    private let lock = NSLock()
    private var count = 0
    let maximum: Int

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// How many places are taken now.
    var inUse: Int {
        lock.withLock { count }
    }

    /// Runs `body` holding one place, or throws 503 when every place is taken.
    func withPlace<Result>(_ body: () async throws -> Result) async throws -> Result {
        let admitted = lock.withLock {
            guard count < maximum else { return false }
            count += 1
            return true
        }
        guard admitted else {
            throw Problem.unavailable("\(maximum) requests are following runs already; try again shortly")
        }
        defer { lock.withLock { count -= 1 } }
        return try await body()
    }
}
