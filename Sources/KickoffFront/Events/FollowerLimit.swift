import Synchronization

/// Caps how many requests follow runs at once (SSE streams, invokes): each holds a Redis connection
/// of its own, and unbounded they could use up Redis's `maxclients` — and with it the workers'.
/// Beyond the cap a follower gets 503 with Retry-After.
final class FollowerLimit: Sendable {
    private let count = Mutex(0)
    let maximum: Int

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// How many places are taken now.
    var inUse: Int {
        count.withLock { $0 }
    }

    /// Runs `body` holding one place, or throws 503 when every place is taken.
    func withPlace<Result>(_ body: () async throws -> Result) async throws -> Result {
        let admitted = count.withLock { count in
            guard count < maximum else { return false }
            count += 1
            return true
        }
        guard admitted else {
            throw Problem.unavailable("\(maximum) requests are following runs already; try again shortly")
        }
        defer { count.withLock { $0 -= 1 } }
        return try await body()
    }
}
