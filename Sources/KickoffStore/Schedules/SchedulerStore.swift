public import KickoffModel
public import RedisClient

/// The scheduler's state in Redis, over the non-blocking `RedisClient`: the leader lease, each
/// schedule's last tick, and firing a tick (which enqueues its run in the same script).
public final class SchedulerStore: Sendable {
    let client: StoreClient
    public let operations: QueueOperations

    public init(client: RedisClient, operations: QueueOperations) {
        self.client = StoreClient(redis: client)
        self.operations = operations
    }

    var keys: StoreKeys { operations.keys }

    public struct Leadership: Sendable, Hashable {
        public var leads: Bool
        public var epoch: Int64
        /// Redis's clock, Unix ms: every process plans ticks against the same time.
        public var now: Int64
        public var holder: String?
    }

    /// Takes the lease if nobody holds it, or renews it if this token does.
    public func lead(token: String, lease: Duration) async throws(StoreError) -> Leadership {
        let reply = try await client.run(ScheduleScripts.lead, keys: [keys.schedulerLeader, keys.schedulerEpoch],
                                         arguments: [token, String(lease.milliseconds)])
        guard let parts = reply.array, parts.count == 4, let leads = parts[0].int, let epoch = parts[1].int, let now = parts[2].int else {
            throw StoreError(.unexpectedReply(command: "schedule_lead", reply: reply))
        }
        return Leadership(leads: leads == 1, epoch: epoch, now: now, holder: parts[3].string)
    }

    /// Gives the lease up if this token holds it.
    public func resign(token: String) async throws(StoreError) {
        _ = try await client.run(ScheduleScripts.resign, keys: [keys.schedulerLeader], arguments: [token])
    }

    /// Each schedule's state, by name (a schedule never seen has an empty state).
    public func states(_ names: [String]) async throws(StoreError) -> [String: ScheduleState] {
        guard !names.isEmpty else { return [:] }
        let replies = try await client.pipeline(names.map { RedisCommand("HGETALL", keys.schedule($0)) })
        var states: [String: ScheduleState] = [:]
        for (name, reply) in zip(names, replies) { states[name] = ScheduleState(hash: reply) }
        return states
    }

    /// The current leader's token, the epoch and the lease's time left (ms), for listings.
    public func leader() async throws(StoreError) -> (holder: String?, epoch: Int64, leaseLeft: Int64?) {
        let replies = try await client.pipeline([RedisCommand("GET", keys.schedulerLeader), RedisCommand("GET", keys.schedulerEpoch),
                                                 RedisCommand("PTTL", keys.schedulerLeader)])
        let left = replies[2].int.flatMap { $0 >= 0 ? $0 : nil }
        return (replies[0].string, replies[1].string.flatMap { Int64($0) } ?? 0, left)
    }

    public enum FireResult: Sendable, Hashable {
        case fired(runID: String)
        case skipped
        /// Another process leads now (or the lease lapsed): nothing was done.
        case notLeader
        /// The tick was handled already (the schedule's last tick is this one or later).
        case stale(lastTick: Int64)
    }

    /// Fires (enqueueing `run`) or skips one tick, only for the lease holder at this epoch.
    /// With partitions, in two steps (`firePartitioned`).
    public func fire(token: String, epoch: Int64, schedule: String, tick: Int64, run: NewRun?) async throws(StoreError) -> FireResult {
        if !keys.partitions.isSingle { return try await firePartitioned(token: token, epoch: epoch, schedule: schedule, tick: tick, run: run) }
        let runID = run?.id ?? ""
        let pipeline = run?.pipeline ?? ""
        let priority = run?.priority ?? .normal
        let reply = try await client.run(
            ScheduleScripts.fire,
            keys: [keys.schedulerLeader, keys.schedulerEpoch, keys.schedule(schedule),
                   keys.run(runID), keys.queue(priority), keys.delayed, keys.runsIndex, keys.pipelineIndex(pipeline), keys.signal],
            arguments: [token, String(epoch), String(tick), run == nil ? "skip" : "fire", keys.prefix, runID] + (run?.recordFields ?? [])
        )
        return try Self.fireResult(reply, runID: runID, tick: tick)
    }

    static func fireResult(_ reply: RedisReply, runID: String, tick: Int64) throws(StoreError) -> FireResult {
        let parts = reply.array ?? []
        switch parts.first?.string {
        case "fired": return .fired(runID: runID)
        case "skipped": return .skipped
        case "not_leader": return .notLeader
        case "stale": return .stale(lastTick: parts.dropFirst().first?.string.flatMap { Int64($0) } ?? tick)
        default: throw StoreError(.unexpectedReply(command: "schedule_fire", reply: reply))
        }
    }
}
