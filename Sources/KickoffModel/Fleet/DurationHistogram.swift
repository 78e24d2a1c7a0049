import Foundation

/// Durations counted in log-scale buckets, four per doubling (bucket `b` holds `[2^(b/4), 2^((b+1)/4))`
/// ms, each about 19 % wide), as the history's scripts write them (`step:<pipeline>:<bucket>`,
/// `HistoryLua.duration_bucket`). A minute's p50/p95 need a handful of counters instead of every
/// duration, and minutes add up by adding their buckets; the price is a percentile known to ±10 %.
public struct DurationHistogram: Sendable, Hashable {
    /// Bucket → how many durations fell in it.
    public private(set) var buckets: [Int: Int] = [:]

    public init(buckets: [Int: Int] = [:]) {
        self.buckets = buckets
    }

    public var count: Int { buckets.values.reduce(0, +) }

    /// The bucket of a duration, as the scripts compute it.
    public static func bucket(milliseconds: Int64) -> Int {
        guard milliseconds >= 1 else { return 0 }
        // As the scripts do it (natural logs; Lua 5.1 has no log2), so both agree at exact powers of two.
        return Int((Foundation.log(Double(milliseconds)) / Foundation.log(2.0) * 4).rounded(.down))
    }

    /// The value a bucket stands for: the geometric middle of its bounds, in ms.
    public static func value(bucket: Int) -> Int64 {
        Int64(pow(2, (Double(bucket) + 0.5) / 4).rounded())
    }

    public mutating func add(bucket: Int, count: Int = 1) {
        buckets[bucket, default: 0] += count
    }

    public mutating func add(milliseconds: Int64) {
        add(bucket: Self.bucket(milliseconds: milliseconds))
    }

    public mutating func merge(_ other: DurationHistogram) {
        for (bucket, count) in other.buckets { add(bucket: bucket, count: count) }
    }

    /// The nearest-rank percentile (`fraction` in 0...1): the value of the bucket holding the
    /// `ceil(fraction × count)`-th smallest duration; nil when empty.
    public func percentile(_ fraction: Double) -> Int64? {
        let total = count
        guard total > 0 else { return nil }
        let rank = max(1, Int((fraction * Double(total)).rounded(.up)))
        var seen = 0
        for bucket in buckets.keys.sorted() {
            seen += buckets[bucket] ?? 0
            if seen >= rank { return Self.value(bucket: bucket) }
        }
        return buckets.keys.max().map(Self.value(bucket:))
    }
}
