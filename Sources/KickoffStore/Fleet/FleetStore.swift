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
    public func history(since: Int64, until: Int64) async throws(StoreError) -> [HistoryMinute] {
        let first = since / 60_000, last = until / 60_000
        guard first <= last else { return [] }
        let reply = try await client.run(QueueScripts.history, keys: [keys.fleet], arguments: [keys.prefix, String(first), String(last)])
        let items = reply.array ?? []
        return stride(from: 0, to: items.count - 1, by: 2).compactMap { index in
            guard let minute = items[index].int else { return nil }
            return HistoryMinute(minute: minute, fields: items[index + 1].hashFields)
        }
    }
}
