import Foundation
public import KickoffModel
public import Logging
import RedisClient

/// Fires the pipeline file's schedules. Every `kickoff serve` and `kickoff worker` runs one; the
/// one holding the Redis lease leads and fires, the others stand by and take over when its lease
/// lapses. Each tick fires at most once even if two believe they lead: the fire script checks the
/// lease's token and epoch and the schedule's last tick in the same step that enqueues the run.
public final class Scheduler: Sendable {
    public struct Configuration: Sendable {
        /// How long the lease lasts without renewal: a dead leader is replaced after at most this
        /// plus `renewInterval`.
        public var lease: Duration
        /// The leader renews (and the others try to take over) this often.
        public var renewInterval: Duration
        /// A tick fired later than this counts as missed (see `MisfirePolicy`).
        public var grace: Duration
        /// Who this process is, for the leader token (`host/pid`).
        public var owner: String

        /// Processes take the values from `SchedulerSettings` (`configuration(owner:)`).
        public init(owner: String, lease: Duration = SchedulerSettings.defaultLease, renewInterval: Duration = .seconds(1),
                    grace: Duration = SchedulerSettings.defaultMisfireGrace) {
            self.owner = owner
            self.lease = lease
            self.renewInterval = renewInterval
            self.grace = grace
        }
    }

    struct Entry: Sendable {
        var pipeline: Pipeline
        var schedule: ScheduleEntry
        var parameters: ResolvedParameters
    }

    public let configuration: Configuration
    let store: SchedulerStore
    let entries: [Entry]
    let token: String
    let logger: Logger

    public init(store: SchedulerStore, pipelines: PipelineFile, configuration: Configuration, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        token = configuration.owner + "#" + UUID().uuidString.prefix(8).lowercased()
        var entries: [Entry] = []
        for pipeline in pipelines.pipelines {
            for schedule in pipeline.schedules {
                // The loader resolved every schedule's values already; a failure here cannot happen.
                switch pipeline.resolve(schedule.triggerValues) {
                case .success(let parameters): entries.append(Entry(pipeline: pipeline, schedule: schedule, parameters: parameters))
                case .failure(let errors): logger.error("schedule has invalid values", metadata: ["schedule": "\(schedule.name)", "errors": "\(errors)"])
                }
            }
        }
        self.entries = entries
    }

    /// Whether the file has any schedule (without one, `run()` returns at once).
    public var hasSchedules: Bool { !entries.isEmpty }

    /// Leads or stands by until the task is cancelled; a leader then gives its lease up.
    public func run() async {
        guard hasSchedules else { return }
        var leadingEpoch: Int64?
        while !Task.isCancelled {
            var wait = configuration.renewInterval
            do {
                let leadership = try await store.lead(token: token, lease: configuration.lease)
                if leadership.leads {
                    if leadingEpoch != leadership.epoch {
                        logger.info("scheduler leads", metadata: ["epoch": "\(leadership.epoch)", "token": "\(token)"])
                        leadingEpoch = leadership.epoch
                    }
                    if let nextDue = try await fireDue(epoch: leadership.epoch, now: leadership.now) {
                        wait = min(wait, .milliseconds(max(5, nextDue - leadership.now)))
                    }
                } else if leadingEpoch != nil {
                    logger.info("scheduler lost the lease", metadata: ["holder": "\(leadership.holder ?? "-")"])
                    leadingEpoch = nil
                }
            } catch let error as SchedulerLostLease {
                logger.info("scheduler lost the lease", metadata: ["schedule": "\(error.schedule)"])
                leadingEpoch = nil
            } catch {
                if (error as? StoreError)?.kind == .notPermitted {
                    logger.error("the scheduler's Redis user may not run a command it needs: grant it (README → Security)", metadata: ["error": "\(error)"])
                } else {
                    logger.warning("scheduler cannot reach Redis", metadata: ["error": "\(error)"])
                }
            }
            do { try await Task.sleep(for: wait) } catch { break }
        }
        if leadingEpoch != nil {
            try? await store.resign(token: token)
        }
    }

    /// Fires or skips every schedule's due ticks; returns the earliest tick still to come.
    func fireDue(epoch: Int64, now: Int64) async throws -> Int64? {
        try await store.deliverPending()  // with partitions, what a previous leader left pending
        let states = try await store.states(entries.map(\.schedule.name))
        var earliest: Int64?
        for entry in entries {
            let schedule = entry.schedule
            let plan = SchedulePlanner.plan(schedule.timing, misfire: schedule.misfire, lastTick: states[schedule.name]?.lastTick,
                                            now: now, grace: configuration.grace)
            for action in plan.actions {
                let tick: Int64, run: NewRun?
                switch action {
                case .skip(let skipped):
                    (tick, run) = (skipped, nil)
                case .fire(let fired, let misfire):
                    var made = NewRun(pipeline: entry.pipeline, parameters: entry.parameters, tags: [schedule.tag])
                    made.origin = ScheduleOrigin(schedule: schedule.name, tick: fired, misfire: misfire)
                    if made.fairness.isEmpty { made.fairness = "schedule:" + schedule.name }
                    made.trigger = RunTrigger(kind: .schedule, name: schedule.name)
                    made.trace = TraceContext.fresh()
                    (tick, run) = (fired, made)
                }
                let result = try await store.fire(token: token, epoch: epoch, schedule: schedule.name, tick: tick, run: run)
                switch result {
                case .fired(let id):
                    logger.info("schedule fired", metadata: ["schedule": "\(schedule.name)", "tick": "\(Timestamp.rfc3339(milliseconds: tick))",
                                                             "run_id": "\(id)", "misfire": "\(run?.origin?.misfire ?? false)"])
                case .skipped:
                    logger.debug("schedule tick skipped", metadata: ["schedule": "\(schedule.name)", "tick": "\(tick)"])
                case .stale:
                    break
                case .notLeader:
                    throw SchedulerLostLease(schedule: schedule.name)
                }
            }
            if let next = plan.nextDue { earliest = min(earliest ?? next, next) }
        }
        return earliest
    }
}

struct SchedulerLostLease: Error {
    var schedule: String
}

extension SchedulerSettings {
    /// The scheduler's configuration for the process `owner` (`host/pid`, or a worker's name).
    public func configuration(owner: String) -> Scheduler.Configuration {
        Scheduler.Configuration(owner: owner, lease: lease, renewInterval: renewInterval, grace: misfireGrace)
    }
}
