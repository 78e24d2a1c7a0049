public import KickoffModel
public import RedisClient

/// Reading a run in either layout, in one round trip: a live run (or one that ended before runs were
/// packed) is its hash, `{ns}:run:<id>`; a finished one is one string, `{ns}:done:<id>` (`PackedRun`).
public enum StoredRun {
    /// A pipeline hands error replies back as replies: the first one among `replies` as the error it
    /// is (a command the Redis user may not run is `notPermitted`, as when sent alone).
    public static func check(_ replies: [RedisReply], of commands: [RedisCommand]) throws(RedisError) {
        for (reply, command) in zip(replies, commands) {
            if case .error(let message) = reply { throw .server(command: command.name, message: message) }
        }
    }

    /// `HGETALL <run>`, `GET <done>`, to pipeline.
    public static func commands(keys: StoreKeys, id: String) -> [RedisCommand] {
        [RedisCommand("HGETALL", keys.run(id)), RedisCommand("GET", keys.done(id))]
    }

    /// The record from the replies to `commands`; nil when the run is gone.
    public static func record(id: String, hash: RedisReply, packed: RedisReply) throws(RunRecordError) -> RunRecord? {
        if let record = try RunRecord(hash: hash) { return record }
        guard let run = packedRun(id: id, packed) else { return nil }
        return try RunRecord(fields: run.fields)
    }

    /// The packed run in `GET <done>`'s reply, nil when there is none.
    public static func packedRun(id: String, _ reply: RedisReply) -> PackedRun? {
        reply.bytes.flatMap { PackedRun(bytes: $0, runID: id) }
    }

    /// `HGETALL <logs>`, `GET <done>`, to pipeline.
    static func logCommands(keys: StoreKeys, id: String) -> [RedisCommand] {
        [RedisCommand("HGETALL", keys.logs(id)), RedisCommand("GET", keys.done(id))]
    }

    /// The logs (step → text) from the replies to `logCommands`: the packed run's when it holds them.
    static func logs(id: String, hash: RedisReply, packed: RedisReply) -> [String: String] {
        let stored = hash.hashFields
        guard stored.isEmpty, let logs = packedRun(id: id, packed)?.logs else { return stored }
        return logs
    }

    /// `HMGET <run> <fields…>`, `GET <done>`, to pipeline.
    static func statusCommands(keys: StoreKeys, id: String, fields: [String]) -> [RedisCommand] {
        [RedisCommand("HMGET", ([keys.run(id)] + fields).map { $0 as any RedisArgumentConvertible }), RedisCommand("GET", keys.done(id))]
    }

    /// `fields` of the run from the replies to `statusCommands` (nil: the run is gone).
    static func fields(id: String, _ names: [String], hash: RedisReply, packed: RedisReply) -> [String?]? {
        if let values = hash.array, values.count == names.count, values.first?.string != nil { return values.map(\.string) }
        guard let run = packedRun(id: id, packed) else { return nil }
        return names.map { run.fields[$0] }
    }
}
