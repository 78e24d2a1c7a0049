import Glibc

/// The time of day as Unix milliseconds: what runs, keys and logs record (`created_at`, `started_at`,
/// a log line's `ts`). Not for measuring durations: use `ContinuousClock` (the standard library's
/// `Clock`s) for those.
public enum WallClock {
    /// Now, in milliseconds since 1970-01-01 UTC (truncated).
    public static func milliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec / 1_000_000)
    }
}
