import Foundation
import KickoffStore
import KickoffTestSupport
import RedisClient

/// What the scheduler tests read from Redis: the runs the schedules fired and who leads.
extension WorkerFixture {
    /// Every stored run's fields (its hash, or its packed form once finished), from the runs index.
    func storedRuns() async throws -> [[String: String]] {
        let ids = try await queue.send(RedisCommand("ZRANGE", queue.keys.runsIndex, 0, -1)).array?.compactMap(\.string) ?? []
        var runs: [[String: String]] = []
        for id in ids { runs.append(try await queue.runFields(id)) }
        return runs
    }

    /// The `schedule_tick` of each stored run that a schedule fired.
    func scheduledTicks() async throws -> [Int64] {
        try await storedRuns().compactMap { $0["schedule_tick"].flatMap { Int64($0) } }
    }

    /// Who the leader's token names (`host/pid` for a front, the name for a worker), nil when nobody
    /// leads; and the lease's time left in ms (read in the same step).
    func schedulerLeader() async throws -> (owner: String?, leaseLeft: Int64) {
        let reply = try await queue.send(RedisCommand("EVAL", "return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}",
                                                      1, queue.keys.schedulerLeader))
        let parts = reply.array ?? []
        let owner = parts.first?.string?.split(separator: "#").first.map(String.init)
        return (owner, parts.last?.int ?? -2)
    }

    /// Redis's clock in Unix ms, the one the schedulers plan by.
    func redisNow() async throws -> Int64 {
        let parts = try await queue.send(RedisCommand("TIME")).array ?? []
        return (parts.first?.string.flatMap { Int64($0) } ?? 0) * 1000 + (parts.last?.string.flatMap { Int64($0) } ?? 0) / 1000
    }
}
