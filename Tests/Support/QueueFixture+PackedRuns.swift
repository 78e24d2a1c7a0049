public import KickoffStore
import RedisClient

/// For tests that look at a finished run's keys directly: once it ends, a run is one string
/// (`{ns}:done:<id>`, `PackedRun`) instead of its hash, its logs hash and its folded events.
extension QueueFixture {
    /// The packed form of a finished run; nil while it has none (live, or in the old layout).
    public func packedRun(_ id: String) async throws -> PackedRun? {
        try await send(RedisCommand("GET", keys.done(id))).bytes.flatMap { PackedRun(bytes: $0, runID: id) }
    }

    /// The run's record fields in either layout (empty: the run is gone).
    public func runFields(_ id: String) async throws -> [String: String] {
        let hash = try await send(RedisCommand("HGETALL", keys.run(id))).hashFields
        if !hash.isEmpty { return hash }
        return try await packedRun(id)?.fields ?? [:]
    }

    /// The run's stored logs in either layout.
    public func runLogs(_ id: String) async throws -> [String: String] {
        let hash = try await send(RedisCommand("HGETALL", keys.logs(id))).hashFields
        if !hash.isEmpty { return hash }
        return try await packedRun(id)?.logs ?? [:]
    }

    /// Sets record fields of a run in either layout (a packed one keeps its expiry, and is stored plain).
    public func setRunFields(_ id: String, _ changes: [String: String]) async throws {
        guard var packed = try await packedRun(id) else {
            _ = try await send(Self.hset(keys.run(id), changes))
            return
        }
        packed.fields.merge(changes) { $1 }
        _ = try await send(RedisCommand("SET", keys.done(id), packed.encoded, "KEEPTTL"))
    }

    /// Turns a packed run into the layout a run that ended before packing has (its hash, its folded
    /// events and its logs hash, with the same expiry), as an older version left it.
    public func unpackRun(_ id: String) async throws {
        guard let packed = try await packedRun(id) else { throw NotPacked(id: id) }
        let ttl = try await send(RedisCommand("TTL", keys.done(id))).int ?? -1
        _ = try await send(Self.hset(keys.run(id), packed.fields))
        _ = try await send(RedisCommand("SET", keys.history(id), packed.history))
        if let logs = packed.logs, !logs.isEmpty {
            _ = try await send(Self.hset(keys.logs(id), logs))
        }
        for key in [keys.run(id), keys.history(id), keys.logs(id)] where ttl > 0 {
            _ = try await send(RedisCommand("EXPIRE", key, ttl))
        }
        _ = try await send(RedisCommand("DEL", keys.done(id)))
    }

    private static func hset(_ key: String, _ fields: [String: String]) -> RedisCommand {
        RedisCommand("HSET", ([key] + fields.flatMap { [$0.key, $0.value] }).map { $0 as any RedisArgumentConvertible })
    }

    /// `unpackRun` of a run that has no packed form.
    public struct NotPacked: Error, CustomStringConvertible {
        public var id: String
        public var description: String { "run \(id) is not packed" }
    }
}
