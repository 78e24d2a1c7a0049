import KickoffModel
import RedisClient

/// Notices that Redis lost its data. Kickoff keeps one value in Redis, the instance marker
/// (`{ns}:instance`); a Redis restarted without persistence (or flushed) comes back without it, and
/// with it every API key, queued run and schedule. Each front and worker checks it now and then:
/// the first check remembers the marker (creating it when absent), a later one that finds it gone,
/// or replaced by another process that found it gone, reports the loss once.
///
/// ```swift
/// var watch = InstanceWatch()
/// let lost = watch.observe(previous: try queue.checkInstance(watch))   // false the first time
/// ```
public struct InstanceWatch: Sendable {
    /// The marker as this process last saw it; nil before the first check.
    public private(set) var known: String?
    /// What this process writes when it finds no marker: new after each use, so that a marker this
    /// process wrote and then lost is not mistaken for the one it knows.
    public private(set) var candidate: String

    public init() {
        candidate = Self.newValue()
    }

    /// Takes what the check returned (the marker before it, nil when absent and now `candidate`);
    /// true when Redis lost its data since the last check.
    public mutating func observe(previous: String?) -> Bool {
        let current = previous ?? candidate
        if previous == nil { candidate = Self.newValue() }
        defer { known = current }
        guard let known else { return false }
        return current != known
    }

    /// The words logged when the marker vanished.
    public static let lossMessage = """
        Redis lost its data: the instance marker Kickoff keeps there vanished (Redis restarted without \
        persistence, or flushed). Every API key, queued and running run, schedule and webhook waiting there is gone; \
        see the README's "Upgrades and backups".
        """

    /// A run id's form: unique, and says when it was made.
    static func newValue() -> String { RunID.make() }

    static let script = RedisScript(name: "instance_marker", source: #"""
    -- instance_marker: returns the marker, or false after creating it from ARGV[1] when absent.
    -- KEYS[1] {ns}:instance (string, no expiry)
    local marker = redis.call('GET', KEYS[1])
    if not marker then redis.call('SET', KEYS[1], ARGV[1]) end
    return marker
    """#)

    func call(_ keys: StoreKeys) -> ScriptCall {
        ScriptCall(script: Self.script, keys: [keys.instanceMarker], arguments: [candidate])
    }
}

extension StoreKeys {
    /// The instance marker (`InstanceWatch`): string, no expiry.
    public var instanceMarker: String { prefix + "instance" }
}

/// The metric both fronts and workers count a loss in.
public enum RedisDataLoss {
    public static let metricName = "kickoff_redis_data_lost_total"
    public static let metricHelp = "Times this process found that Redis had lost its data (its instance marker vanished)."
    /// How often a process checks: a loss is told within this, at one small script call per process.
    public static let checkInterval: Duration = .seconds(5)
}
