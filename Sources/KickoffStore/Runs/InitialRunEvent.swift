public import KickoffModel
public import RedisClient

/// A run's first event (`run.queued` or `run.scheduled`) enters its stream only together with the
/// second one (a stream costs about 4.8 KB of Redis memory; see `store_first_event` in the queue
/// scripts). Until then readers make it up from the record, with the id (`<created_at>-0`) and the
/// data the scripts will store.
public enum InitialRunEvent {
    /// `EXISTS <stream>`, `HMGET <run> created_at created_as`, `GET <history>` (a finished run's
    /// folded events, `RunEventHistory`) and `GET <done>` (a finished run packed, with its folded
    /// events: `PackedRun`), to pipeline with a read.
    public static func commands(keys: StoreKeys, runID: String) -> [RedisCommand] {
        [RedisCommand("EXISTS", keys.events(runID)), RedisCommand("HMGET", keys.run(runID), "created_at", "created_as"),
         RedisCommand("GET", keys.history(runID)), RedisCommand("GET", keys.done(runID))]
    }

    /// The events of the run's folded history after `after`, from the replies to `commands`; nil
    /// when it has none (a live run, or one that ended before histories were written: its stream).
    public static func history(runID: String, after: String, replies: ArraySlice<RedisReply>) -> [RunEvent]? {
        guard replies.count == 4 else { return nil }
        if let text = replies[replies.startIndex + 2].string { return RunEventHistory.events(text, runID: runID, after: after) }
        return StoredRun.packedRun(id: runID, replies[replies.startIndex + 3])?.events(runID: runID, after: after)
    }

    /// The first event while the stream does not exist yet and the run does (and has no history, nor is packed),
    /// when it comes after `after`.
    public static func event(runID: String, after: String, replies: ArraySlice<RedisReply>) -> RunEvent? {
        guard replies.count == 4, replies[replies.startIndex].int == 0, replies[replies.startIndex + 2].isNull,
              replies[replies.startIndex + 3].isNull,
              let fields = replies[replies.startIndex + 1].array, fields.count == 2,
              let createdAt = fields[0].string.flatMap({ Int64($0) }) else { return nil }
        let status = fields[1].string ?? "queued"
        let event = RunEvent(id: "\(createdAt)-0", type: "run.\(status)",
                             data: #"{"run_id":"\#(runID)","status":"\#(status)","type":"run.\#(status)"}"#)
        return isAfter(event.id, after) ? event : nil
    }

    /// Stream ids compare as (milliseconds, sequence); `0` and a bare `<ms>` mean sequence 0.
    static func isAfter(_ id: String, _ other: String) -> Bool {
        func parts(_ text: String) -> (UInt64, UInt64) {
            let pieces = text.split(separator: "-", maxSplits: 1)
            return (pieces.first.flatMap { UInt64($0) } ?? 0, pieces.count > 1 ? UInt64(pieces[1]) ?? 0 : 0)
        }
        return parts(id) > parts(other)
    }
}
