import Foundation
import RedisClient

/// One script call: which script, its KEYS and its ARGV. Built here once, run by either face
/// (`RunStore` for async code, `WorkerQueue` for a worker's threads).
public struct ScriptCall: Sendable {
    public var script: RedisScript
    public var keys: [String]
    public var arguments: [String]
}

/// The queue's operations as script calls, with the keys each one declares.
public struct QueueOperations: Sendable {
    public let keys: RunKeys
    /// How long finished runs, their logs and events stay readable.
    public let retention: Duration

    public init(keys: RunKeys, retention: Duration = .seconds(7 * 24 * 3600)) {
        self.keys = keys
        self.retention = retention
    }

    private var retentionSeconds: String { String(max(1, retention.components.seconds)) }

    public func enqueue(_ run: NewRun) -> ScriptCall {
        ScriptCall(
            script: QueueScripts.enqueue,
            keys: [keys.run(run.id), keys.queue(run.priority), keys.delayed, keys.runsIndex, keys.pipelineIndex(run.pipeline), keys.signal],
            arguments: [keys.prefix, run.id, String(max(0, run.delay.milliseconds))] + run.recordFields
        )
    }

    public func claim(worker: String, token: String, lease: Duration) -> ScriptCall {
        ScriptCall(script: QueueScripts.claim, keys: keys.queues + [keys.leases, keys.signal],
                   arguments: [keys.prefix, worker, token, String(lease.milliseconds)])
    }

    public func heartbeat(id: String, token: String, lease: Duration) -> ScriptCall {
        ScriptCall(script: QueueScripts.heartbeat, keys: [keys.run(id), keys.leases],
                   arguments: [id, token, String(lease.milliseconds)])
    }

    public func release(id: String, token: String, priority: RunPriority) -> ScriptCall {
        ScriptCall(script: QueueScripts.release, keys: [keys.run(id), keys.leases, keys.queue(priority), keys.signal],
                   arguments: [keys.prefix, id, token, retentionSeconds])
    }

    public func recordStep(id: String, token: String, state: StepState, event: String, log: String?) -> ScriptCall {
        ScriptCall(script: QueueScripts.recordStep, keys: [keys.run(id), keys.logs(id)],
                   arguments: [keys.prefix, id, token, state.name, state.jsonString(), event, log == nil ? "0" : "1", log ?? ""])
    }

    /// `ended`: the step that ended just now, recorded by this same call (as `recordStep` would).
    public func finish(id: String, token: String, status: RunStatus, outputs: JSONValue?, error: RunError?, steps: [StepState],
                       ended: EndedStep? = nil) -> ScriptCall {
        var arguments: [String] = [keys.prefix, id, token, status.rawValue, (outputs ?? .null).jsonString(),
                                   error.jsonString(), retentionSeconds]
        if let ended {
            let log: String = ended.log ?? ""
            arguments += [":ended", ended.state.name, ended.state.jsonString(), ended.event, ended.log == nil ? "0" : "1", log]
        }
        for step in steps { arguments += [step.name, step.jsonString()] }
        return ScriptCall(script: QueueScripts.finish, keys: [keys.run(id), keys.leases, keys.logs(id), keys.events(id)],
                          arguments: arguments)
    }

    public func failAttempt(id: String, token: String, error: RunError, backoff: Duration, priority: RunPriority, finalSteps: [StepState]) -> ScriptCall {
        ScriptCall(
            script: QueueScripts.failAttempt, keys: [keys.run(id), keys.leases, keys.delayed, keys.queue(priority), keys.signal],
            arguments: [keys.prefix, id, token, Optional(error).jsonString(), String(max(0, backoff.milliseconds)), retentionSeconds]
                + finalSteps.flatMap { [$0.name, $0.jsonString()] }
        )
    }

    public func cancel(id: String) -> ScriptCall {
        ScriptCall(script: QueueScripts.cancel, keys: [keys.run(id), keys.delayed], arguments: [keys.prefix, id, retentionSeconds])
    }

    /// `outageGap`: a pause between maintenance calls longer than this means Redis was unreachable.
    public func maintain(limit: Int = 100, outageGap: Duration = .seconds(5)) -> ScriptCall {
        ScriptCall(script: QueueScripts.maintain, keys: [keys.delayed, keys.leases, keys.signal, keys.stats, keys.lastMaintenance],
                   arguments: [keys.prefix, retentionSeconds, String(limit), String(outageGap.milliseconds)])
    }
}

extension Duration {
    /// Whole milliseconds.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension Encodable {
    /// Compact JSON with sorted keys; `null` for nil optionals.
    func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
