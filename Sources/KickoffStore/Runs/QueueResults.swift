public import KickoffModel
import RedisClient

public enum HeartbeatResult: String, Sendable, Hashable {
    /// The lease is extended.
    case ok
    /// Someone asked to cancel the run: stop the step.
    case cancel
    /// This worker no longer holds the run (its lease expired and the run was reclaimed or finished).
    case stale
    /// The run's end recorded with this token is here: nothing to extend, and the lease is not lost
    /// (the worker may still be waiting for a replica to confirm that end).
    case done
}

public enum FinishResult: String, Sendable, Hashable {
    case ok, stale
    /// `finish` only: this attempt's end is recorded already (a repeat, sent because no replica had
    /// confirmed it, or because the first reply was lost). Nothing is changed but a write for `WAIT`.
    case done
}

public enum RecordStepResult: String, Sendable, Hashable {
    case ok, stale
    /// `step.started` only: the run's cancel was requested, so the step must not start. Nothing is
    /// recorded; the worker finishes the run as canceled.
    case canceled
}

public enum FailAttemptResult: String, Sendable, Hashable {
    case retrying, failed, stale
    /// A cancel had been requested: the run is canceled, not retried.
    case canceled
}

public enum ReleaseResult: String, Sendable, Hashable {
    /// Queued again, first in line.
    case ok
    /// A cancel had been requested: the run is canceled instead.
    case canceled
    case stale
}

public enum CancelResult: String, Sendable, Hashable {
    /// It was queued or scheduled and is now canceled.
    case canceled
    /// It is running; its worker stops the running step at its next heartbeat and starts no other.
    case cancelRequested = "cancel_requested"
    /// It had already finished: nothing to cancel.
    case finished
    case missing
}

public struct MaintenanceResult: Sendable, Hashable {
    public var promoted: Int
    public var reclaimed: Int
    public var failed: Int
    /// The runs maintenance brought to a final state (lease lost on the last attempt, or canceled).
    public var finished: [FinishedRun]
    /// False when another process holds the maintainer lease: nothing was done (`Maintainer`).
    public var maintained = true
}

/// A run that reached a final state, by its pipeline (for metrics).
public struct FinishedRun: Sendable, Hashable {
    public var pipeline: String
    public var status: RunStatus

    public init(pipeline: String, status: RunStatus) {
        self.pipeline = pipeline
        self.status = status
    }
}

/// A run handed to a worker by `claim`: the record and the token that proves the worker holds it.
public struct ClaimedRun: Sendable, Hashable {
    public var record: RunRecord
    public var token: String

    public init(record: RunRecord, token: String) {
        self.record = record
        self.token = token
    }
}

enum QueueReplies {
    static func word<Result: RawRepresentable>(_ reply: RedisReply, _ script: String) throws(RedisError) -> Result where Result.RawValue == String {
        guard let text = reply.string, let result = Result(rawValue: text) else {
            throw .unexpectedReply(command: "script \(script)", reply: reply)
        }
        return result
    }

    /// The finish script's answer: its word, and with `ok` the run as packed (`PackedRun`), if it was.
    static func finished(_ reply: RedisReply) throws(RedisError) -> (result: FinishResult, packed: [UInt8]?) {
        guard let parts = reply.array else { return (try word(reply, "finish"), nil) }
        guard parts.count == 2, parts[0].string == FinishResult.ok.rawValue else {
            throw .unexpectedReply(command: "script finish", reply: reply)
        }
        return (.ok, parts[1].bytes)
    }

    static func maintenance(_ reply: RedisReply) throws(RedisError) -> MaintenanceResult {
        guard let parts = reply.array, parts.count == 5 else { throw .unexpectedReply(command: "script maintain", reply: reply) }
        let counts = parts[0..<3].compactMap(\.int)
        guard counts.count == 3 else { throw .unexpectedReply(command: "script maintain", reply: reply) }
        let finished = parts[3].pairs.compactMap { pipeline, status in
            RunStatus(rawValue: status).map { FinishedRun(pipeline: pipeline, status: $0) }
        }
        return MaintenanceResult(promoted: Int(counts[0]), reclaimed: Int(counts[1]), failed: Int(counts[2]), finished: finished,
                                 maintained: parts[4].int != 0)
    }

    /// The enqueue script's `{status, created_at}`.
    static func enqueued(_ reply: RedisReply) throws(RedisError) -> (status: RunStatus, createdAt: Int64) {
        switch try submitted(reply) {
        case .stored(let status, let createdAt, _): return (status, createdAt)
        case .debounced(_, let createdAt): return (.scheduled, createdAt)
        case .skipped: throw .unexpectedReply(command: "script enqueue (skipped: a concurrency slot is full)", reply: reply)
        }
    }

    static func submitted(_ reply: RedisReply) throws(RedisError) -> EnqueueReply {
        let parts = reply.array ?? []
        switch parts.first?.string {
        case "debounced" where parts.count == 3:
            if let id = parts[1].string, let createdAt = parts[2].int {
                return .debounced(runID: id, createdAt: createdAt)
            }
        case "skipped" where parts.count == 2:
            if let holder = parts[1].string { return .skipped(heldBy: holder) }
        default:
            // The schedule's fire script answers the first two only.
            if (2...3).contains(parts.count), let status = parts[0].string.flatMap(RunStatus.init(rawValue:)), let createdAt = parts[1].int {
                let waiting = parts.count == 3 ? parts[2].string.flatMap { $0.isEmpty ? nil : $0 } : nil
                return .stored(status: status, createdAt: createdAt, waitingFor: waiting)
            }
        }
        throw .unexpectedReply(command: "script enqueue", reply: reply)
    }
}

/// What the enqueue script did with a new run.
public enum EnqueueReply: Sendable, Hashable {
    /// Stored, `queued` or `scheduled`; `waitingFor`: the `waiting_for` JSON the script wrote (a full
    /// concurrency slot, a debounce window), nil when the run went in line.
    case stored(status: RunStatus, createdAt: Int64, waitingFor: String?)
    /// A debounced trigger joined the run gathering its key's triggers.
    case debounced(runID: String, createdAt: Int64)
    /// Refused: a concurrency slot with `on_limit: skip` is full; `heldBy` holds it.
    case skipped(heldBy: String)
}
