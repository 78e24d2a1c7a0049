/// The fleet's keys (live workers, `GET /v1/workers`) and the per-minute history (`GET /v1/stats`);
/// see `HistoryLua` and KEYS.md.
extension StoreKeys {
    /// One live worker's record: hash, see `WorkerRecord`; lapses with its announcement.
    public func worker(_ name: String) -> String { prefix + "worker:" + name }
    /// The live workers. Score: until when (ms) each counts as alive.
    public var fleet: String { prefix + "fleet" }
    /// One minute's counters and samples (`minute`: Unix ms / 60 000): hash, see KEYS.md.
    public func history(minute: Int64) -> String { prefix + "minute:" + String(minute) }
}
