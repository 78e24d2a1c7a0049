import Synchronization

/// Caps how many requests follow runs at once (SSE streams, invokes): each holds a Redis connection
/// of its own, and unbounded they could use up Redis's `maxclients` — and with it the workers'.
/// Event streams also count per API key (`maximumPerKey`), so that one key cannot take every place.
/// Beyond a cap a follower gets 503 with Retry-After — before any header of its answer is sent.
final class FollowerLimit: Sendable {
    private struct State {
        var total = 0
        var perKey: [String: Int] = [:]
    }

    private let state = Mutex(State())
    let maximum: Int
    let maximumPerKey: Int

    init(maximum: Int, maximumPerKey: Int? = nil) {
        self.maximum = maximum
        self.maximumPerKey = maximumPerKey ?? maximum
    }

    /// How many places are taken now.
    var inUse: Int {
        state.withLock { $0.total }
    }

    /// How many places streams of the key named `key` hold now.
    func inUse(byKey key: String) -> Int {
        state.withLock { $0.perKey[key] ?? 0 }
    }

    /// Takes a place for a follower of `key` (nil: not counted per key), or throws 503 when every
    /// place (or every place of that key) is taken. The place is given back by `release()`, or when
    /// the last reference to it goes (a response body that never ran).
    func take(key: String?) throws(Problem) -> FollowerPlace {
        let refusal: Problem? = state.withLock { state in
            guard state.total < maximum else {
                return Problem.unavailable("\(maximum) requests are following runs already; try again shortly")
            }
            if let key {
                guard state.perKey[key, default: 0] < maximumPerKey else {
                    return Problem.unavailable("the key '\(key)' has \(maximumPerKey) event streams open already, its most; close one or try again later")
                }
                state.perKey[key, default: 0] += 1
            }
            state.total += 1
            return nil
        }
        if let refusal { throw refusal }
        return FollowerPlace(limit: self, key: key)
    }

    fileprivate func giveBack(key: String?) {
        state.withLock { state in
            state.total -= 1
            if let key {
                let left = state.perKey[key, default: 1] - 1
                state.perKey[key] = left > 0 ? left : nil
            }
        }
    }

    /// Runs `body` holding one place, or throws 503 when every place is taken.
    func withPlace<Result>(_ body: () async throws -> Result) async throws -> Result {
        let place = try take(key: nil)
        defer { place.release() }
        return try await body()
    }
}

/// One taken place of a `FollowerLimit`; given back once.
final class FollowerPlace: Sendable {
    private let limit: FollowerLimit
    private let key: String?
    private let held = Mutex(true)

    fileprivate init(limit: FollowerLimit, key: String?) {
        self.limit = limit
        self.key = key
    }

    func release() {
        let wasHeld = held.withLock { held in
            defer { held = false }
            return held
        }
        if wasHeld { limit.giveBack(key: key) }
    }

    deinit {
        release()
    }
}
