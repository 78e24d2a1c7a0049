/// Decides what one schedule does now, from its state: pure, so the rules are tested without Redis.
///
/// - First sight (no state): the current time is recorded as handled; the first tick after it fires.
/// - The next tick is in the future: nothing yet.
/// - The next tick is due and within the grace period: it fires, and so does every later tick up
///   to now (a leader that took over a few seconds late catches up, each tick once).
/// - The next tick is older than the grace (nobody fired it in time: a misfire): `skip` records
///   the latest passed tick as handled without a run; `run_once` fires one run for it.
public enum SchedulePlanner {
    public enum Action: Sendable, Hashable {
        case fire(tick: Int64, misfire: Bool)
        case skip(tick: Int64)
    }

    public struct Plan: Sendable, Hashable {
        public var actions: [Action]
        /// The first tick still to come after the actions, Unix ms; nil if the schedule never fires again.
        public var nextDue: Int64?
    }

    public static func plan(_ timing: ScheduleTiming, misfire: MisfirePolicy, lastTick: Int64?, now: Int64,
                            grace: Duration, limit: Int = 100) -> Plan {
        guard let lastTick else {
            return Plan(actions: [.skip(tick: now)], nextDue: timing.next(after: now))
        }
        guard let due = timing.next(after: lastTick) else { return Plan(actions: [], nextDue: nil) }
        guard due <= now else { return Plan(actions: [], nextDue: due) }
        if now - due > grace.milliseconds {
            guard let latest = timing.latest(after: lastTick, atOrBefore: now) else { return Plan(actions: [], nextDue: due) }
            let action: Action = switch misfire {
            case .skip: .skip(tick: latest)
            case .runOnce: .fire(tick: latest, misfire: true)
            }
            return Plan(actions: [action], nextDue: timing.next(after: latest))
        }
        var actions: [Action] = [.fire(tick: due, misfire: false)]
        var tick = due
        while actions.count < limit, let following = timing.next(after: tick), following <= now {
            actions.append(.fire(tick: following, misfire: false))
            tick = following
        }
        return Plan(actions: actions, nextDue: timing.next(after: tick))
    }
}
