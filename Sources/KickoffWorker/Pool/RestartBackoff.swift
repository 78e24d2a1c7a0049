/// How long the pool waits before restarting a slot's worker: `initial`, doubling after each restart up
/// to `maximum`, and back to `initial` once a worker has lived `resetAfter`, so a crash loop slows
/// down while a worker that dies once a day restarts at once.
///
/// `resetAfter` is short (2 s): a worker that lived that long got past its start-up, and whatever
/// kills it later (the OOM killer, an operator, scripts/chaos) is no crash loop. With 30 s, a pool
/// whose workers were killed every few seconds backed every slot off to 10 s and sat with no
/// worker at all (found by scripts/chaos).
public struct RestartBackoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var resetAfter: Duration
    /// The delay the next restart gets, unless the worker lived long enough to reset it.
    public private(set) var next: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(10), resetAfter: Duration = .seconds(2)) {
        self.initial = initial
        self.maximum = maximum
        self.resetAfter = resetAfter
        self.next = initial
    }

    /// The delay before restarting a worker that ran for `lifetime` (zero when it could not be started).
    public mutating func delay(afterRunningFor lifetime: Duration) -> Duration {
        if lifetime >= resetAfter {
            next = initial
        }
        let delay = min(next, maximum)
        next = min(next * 2, maximum)
        return delay
    }
}
