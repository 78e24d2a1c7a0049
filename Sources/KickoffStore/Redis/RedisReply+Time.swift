import RedisClient

extension RedisReply {
    /// TIME's `[seconds, microseconds]` as Unix milliseconds (0 for another shape).
    var timeMilliseconds: Int64 {
        let parts = array ?? []
        let seconds = parts.first?.string.flatMap { Int64($0) } ?? 0
        let micros = parts.dropFirst().first?.string.flatMap { Int64($0) } ?? 0
        return seconds * 1000 + micros / 1000
    }
}
