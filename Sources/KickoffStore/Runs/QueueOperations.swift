import Foundation
public import KickoffModel
public import RedisClient

/// One script call: which script, its KEYS and its ARGV. Built here once, run by either face
/// (`RunStore` for async code, `WorkerQueue` for a worker's threads).
public struct ScriptCall: Sendable {
    public var script: RedisScript
    public var keys: [String]
    public var arguments: [String]
    /// Run as a `WakeReporting` variant: its answer carries the queues to wake (partitions only).
    var reportsWakes = false
}

/// The queue's operations as script calls, with the keys each one declares.
public struct QueueOperations: Sendable {
    /// The namespace's keys; a run's calls use its partition's (`StoreKeys.forRun`).
    public let keys: StoreKeys
    /// How long finished runs and their events stay readable.
    public let retention: Duration
    /// How long a finished run's logs stay (at most `retention`).
    public let logRetention: Duration
    /// How long webhook dead letters are kept.
    public let deadLetterRetention: Duration

    public static let defaultRetention: Duration = Settings.defaultRetention

    /// `logRetention` and `deadLetterRetention` default to `retention`; logs never outlive their run.
    public init(keys: StoreKeys, retention: Duration = defaultRetention, logRetention: Duration? = nil, deadLetterRetention: Duration? = nil) {
        self.keys = keys
        self.retention = retention
        self.logRetention = min(logRetention ?? retention, retention)
        self.deadLetterRetention = deadLetterRetention ?? retention
    }

    static func seconds(_ duration: Duration) -> Int64 { max(1, duration.components.seconds) }

    /// More than one partition: the calls that may put runs in line report the queues to wake (`WakeReporting`).
    var partitioned: Bool { !keys.partitions.isSingle }

    /// The scripts' retention argument: `RUNS:LOGS` in seconds.
    var retentionSeconds: String { "\(Self.seconds(retention)):\(Self.seconds(logRetention))" }

    /// `keyCheck`: the API key check the script does first (`TriggerKeyCheck`); nil: none.
    public func enqueue(_ run: NewRun, keyCheck: TriggerKeyCheck? = nil) -> ScriptCall {
        let keys = self.keys.forRun(run.id)
        // Without a check, KEYS[7] and KEYS[8] are not read: the partition's own, so every key is of one slot.
        let apiKeys = keyCheck == nil ? keys.apiKeys : self.keys.apiKeys
        var check = ["", "", "", ""]
        if let keyCheck {
            check = [keyCheck.digest, keyCheck.storedText, keyCheck.rateLimit.map { "\($0.limit.requestsPerSecond)" } ?? "",
                     keyCheck.rateLimit.map { String($0.limit.burst) } ?? ""]
        }
        return ScriptCall(
            script: QueueScripts.enqueue,
            keys: [keys.run(run.id), keys.queue(run.priority), keys.delayed, keys.runsIndex, keys.pipelineIndex(run.pipeline), keys.signal,
                   apiKeys, keyCheck?.rateLimit?.bucket ?? apiKeys],
            arguments: [keys.prefix, run.id, String(max(0, run.delay.milliseconds)), retentionSeconds] + check + run.recordFields
        )
    }

    /// `startFirstStep`: the claim also records the run's first step as started (see the claim script).
    /// `queues`: the queues the worker serves, in the order to look at them; `pipelines`: those its
    /// file has (nil: any).
    /// `partition`: the partition to claim from (`RunPartitions`; 0 with one).
    public func claim(worker: String, token: String, lease: Duration, startFirstStep: Bool = false,
                      queues: [String] = [Pipeline.defaultQueue], pipelines: [String]? = nil, partition: Int = 0) -> ScriptCall {
        let keys = self.keys.partition(partition)
        return ScriptCall(script: QueueScripts.claim, keys: [keys.leases],
                   arguments: [keys.prefix, worker, token, String(lease.milliseconds), startFirstStep ? "1" : "0",
                               queues.joined(separator: ","), (pipelines ?? []).joined(separator: ",")])
            .reportingWakes(partitioned)
    }

    public func heartbeat(id: String, token: String, lease: Duration) -> ScriptCall {
        let keys = self.keys.forRun(id)
        return ScriptCall(script: QueueScripts.heartbeat, keys: [keys.run(id), keys.leases, keys.done(id)],
                   arguments: [id, token, String(lease.milliseconds)])
    }

    public func release(id: String, token: String, priority: RunPriority) -> ScriptCall {
        let keys = self.keys.forRun(id)
        return ScriptCall(script: QueueScripts.release, keys: [keys.run(id), keys.leases, keys.queue(priority), keys.signal],
                   arguments: [keys.prefix, id, token, retentionSeconds]).reportingWakes(partitioned)
    }

    public func recordStep(id: String, token: String, state: StepState, event: String, log: String?) -> ScriptCall {
        let keys = self.keys.forRun(id)
        return ScriptCall(script: QueueScripts.recordStep, keys: [keys.run(id), keys.logs(id)],
                   arguments: [keys.prefix, id, token, state.name, state.jsonString(), event, log == nil ? "0" : "1", log ?? ""])
    }

    /// `ended`: the step that ended just now, recorded by this same call (as `recordStep` would).
    public func finish(id: String, token: String, status: RunStatus, outputs: JSONValue?, error: RunError?, steps: [StepState],
                       ended: EndedStep? = nil) -> ScriptCall {
        let keys = self.keys.forRun(id)
        var arguments: [String] = [keys.prefix, id, token, status.rawValue, (outputs ?? .null).jsonString(),
                                   error.jsonString(), retentionSeconds]
        if let ended {
            let log: String = ended.log ?? ""
            arguments += [":ended", ended.state.name, ended.state.jsonString(), ended.event, ended.log == nil ? "0" : "1", log]
        }
        for step in steps { arguments += [step.name, step.jsonString()] }
        return ScriptCall(script: QueueScripts.finish, keys: [keys.run(id), keys.leases, keys.logs(id), keys.events(id)],
                          arguments: arguments).reportingWakes(partitioned)
    }

    public func failAttempt(id: String, token: String, error: RunError, backoff: Duration, priority: RunPriority, finalSteps: [StepState]) -> ScriptCall {
        let keys = self.keys.forRun(id)
        return ScriptCall(
            script: QueueScripts.failAttempt, keys: [keys.run(id), keys.leases, keys.delayed, keys.queue(priority), keys.signal],
            arguments: [keys.prefix, id, token, Optional(error).jsonString(), String(max(0, backoff.milliseconds)), retentionSeconds]
                + finalSteps.flatMap { [$0.name, $0.jsonString()] }
        ).reportingWakes(partitioned)
    }

    public func cancel(id: String) -> ScriptCall {
        let keys = self.keys.forRun(id)
        return ScriptCall(script: QueueScripts.cancel, keys: [keys.run(id), keys.delayed], arguments: [keys.prefix, id, retentionSeconds])
            .reportingWakes(partitioned)
    }

    /// `unreachableFor`: how long the caller could not reach Redis just before (its last outage, zero
    /// if none since its last maintenance). An outage longer than `outageGap`, seen by the caller and
    /// by the gap between maintenance calls, extends every lease by the gap (a blip shorter than a
    /// maintenance interval or two changes nothing).
    /// `maintainer`: the caller's token and lease as the elected maintainer (`Maintainer`); nil:
    /// maintain whoever holds the lease (tests, tools).
    public func maintain(limit: Int = 100, outageGap: Duration = .seconds(2), unreachableFor: Duration = .zero,
                         maintainer: (token: String, lease: Duration)? = nil, partition: Int = 0) -> ScriptCall {
        let keys = self.keys.partition(partition)
        return ScriptCall(script: QueueScripts.maintain, keys: [keys.delayed, keys.leases, keys.signal, keys.stats, keys.lastMaintenance],
                   arguments: [keys.prefix, retentionSeconds, String(limit), String(outageGap.milliseconds),
                               String(max(0, unreachableFor.milliseconds)), maintainer?.token ?? "",
                               String(maintainer?.lease.milliseconds ?? 0)]).reportingWakes(partitioned)
    }
}

extension Encodable {
    /// Compact JSON with sorted keys; `null` for nil optionals (and for what cannot be encoded).
    func jsonString() -> String {
        SortedJSON.string(self) ?? "null"
    }
}

extension QueueOperations {
    /// One batch of a purge; `cursor` is `-inf` at first, then what the previous batch returned.
    public func purge(cutoff: Int64, statuses: [RunStatus], batch: Int, cursor: String, dryRun: Bool, partition: Int = 0) -> ScriptCall {
        let keys = self.keys.partition(partition)
        return ScriptCall(script: QueueScripts.purge,
                   keys: [keys.runsIndex, keys.webhooksDue, keys.webhooksInflight, keys.webhooksDead, keys.webhookEndpoints],
                   arguments: [keys.prefix, String(cutoff), statuses.map(\.rawValue).joined(separator: ","), String(max(1, batch)), cursor,
                               dryRun ? "1" : "0"])
    }
}
