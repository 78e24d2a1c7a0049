import KickoffModel
import RedisClient
extension ScheduleState {
    /// From HGETALL's reply (empty: never seen).
    init(hash reply: RedisReply) {
        let fields = reply.hashFields
        self.init(lastTick: fields["last_tick"].flatMap { Int64($0) }, lastFiredTick: fields["last_fired_tick"].flatMap { Int64($0) },
                  lastFiredAt: fields["last_fired_at"].flatMap { Int64($0) }, lastRunID: fields["last_run_id"],
                  fired: fields["fired"].flatMap { Int($0) } ?? 0, skipped: fields["skipped"].flatMap { Int($0) } ?? 0)
    }
}
