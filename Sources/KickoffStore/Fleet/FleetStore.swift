public import KickoffModel
import RedisClient

/// The live workers (`GET /v1/workers`) and the per-minute history (`GET /v1/stats`), read-only: the
/// workers write them from their own scripts (`announce`, `finish`, `webhook_result`; `HistoryLua`).
public final class FleetStore: Sendable {
    let client: StoreClient
    public let keys: StoreKeys

    init(client: StoreClient, keys: StoreKeys) {
        self.client = client
        self.keys = keys
    }

    /// The live workers' records, by name.
    public func workers() async throws(StoreError) -> [WorkerRecord] {
        let reply = try await client.run(QueueScripts.fleet, keys: [keys.fleet], arguments: [keys.prefix])
        let items = reply.array ?? []
        return stride(from: 0, to: items.count - 1, by: 2).compactMap { index in
            guard let name = items[index].string else { return nil }
            return WorkerRecord(name: name, hash: items[index + 1].hashFields)
        }
    }

    /// The minutes of history from `since` to `until` (Unix ms) that hold anything, oldest first.
    /// With partitions, each partition's minutes (its runs' ends, its webhooks' outcomes) and the
    /// namespace's (samples) are added up.
    public func history(since: Int64, until: Int64) async throws(StoreError) -> [HistoryMinute] {
        let first = since / 60_000, last = until / 60_000
        guard first <= last else { return [] }
        var minutes: [Int64: [String: String]] = [:]
        for place in [keys] + (keys.partitions.isSingle ? [] : keys.allPartitions) {
            let reply = try await client.run(QueueScripts.history, keys: [place.fleet], arguments: [place.prefix, String(first), String(last)])
            let items = reply.array ?? []
            for index in stride(from: 0, to: items.count - 1, by: 2) {
                guard let minute = items[index].int else { continue }
                minutes[minute] = Self.adding(minutes[minute] ?? [:], items[index + 1].hashFields)
            }
        }
        return minutes.keys.sorted().compactMap { minute in minutes[minute].map { HistoryMinute(minute: minute, fields: $0) } }
    }

    /// One minute's fields from two places: counts added up, the longest wait (`wait:`) kept.
    static func adding(_ one: [String: String], _ other: [String: String]) -> [String: String] {
        var sum = one
        for (field, value) in other {
            guard let mine = sum[field], let left = Int64(mine), let right = Int64(value) else {
                sum[field] = sum[field] ?? value
                continue
            }
            sum[field] = String(field.hasPrefix("wait:") ? max(left, right) : left + right)
        }
        return sum
    }
}
