/// The state of a registry at one moment: every family and its series. Codable, so a pool's
/// workers can hand theirs to the supervisor, and mergeable, so the supervisor can add them up.
public struct MetricsSnapshot: Sendable, Hashable, Codable {
    public var families: [String: MetricFamily]

    public init(families: [String: MetricFamily] = [:]) {
        self.families = families
    }

    /// Adds `other` into this one: counters, gauges and histogram buckets are summed. A family
    /// known only to `other` is taken as it is; one whose type or buckets differ is kept as ours.
    public mutating func merge(_ other: MetricsSnapshot) {
        for (name, family) in other.families {
            guard var mine = families[name] else {
                families[name] = family
                continue
            }
            guard mine.type == family.type, mine.buckets == family.buckets, mine.labelNames == family.labelNames else { continue }
            for (labels, series) in family.series {
                mine.series[labels, default: MetricSeries(bucketCount: family.buckets.count)].add(series)
            }
            families[name] = mine
        }
    }

    public func merged(_ other: MetricsSnapshot) -> MetricsSnapshot {
        var copy = self
        copy.merge(other)
        return copy
    }
}

public enum MetricType: String, Sendable, Hashable, Codable {
    case counter, gauge, histogram
}

/// One metric name with its help text, label names and (histograms) upper bucket bounds.
public struct MetricFamily: Sendable, Hashable, Codable {
    public var name: String
    public var help: String
    public var type: MetricType
    public var labelNames: [String]
    /// Upper bounds of the histogram's buckets, ascending, without +Inf; empty for other types.
    public var buckets: [Double]
    /// Label values (in `labelNames` order) → series.
    public var series: [[String]: MetricSeries]

    public init(name: String, help: String, type: MetricType, labelNames: [String], buckets: [Double] = [], series: [[String]: MetricSeries] = [:]) {
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.buckets = buckets
        self.series = series
    }
}

/// One labelled series: a value (counter, gauge), or a histogram's per-bucket counts, sum and count.
public struct MetricSeries: Sendable, Hashable, Codable {
    public var value: Double
    /// Observations per bucket (not cumulative); one more than the bounds: the last is +Inf.
    public var bucketCounts: [UInt64]
    public var sum: Double
    public var count: UInt64

    public init(value: Double = 0, bucketCount: Int = 0) {
        self.value = value
        self.bucketCounts = bucketCount > 0 ? Array(repeating: 0, count: bucketCount + 1) : []
        self.sum = 0
        self.count = 0
    }

    mutating func add(_ other: MetricSeries) {
        value += other.value
        if bucketCounts.count == other.bucketCounts.count {
            for index in bucketCounts.indices { bucketCounts[index] += other.bucketCounts[index] }
        }
        sum += other.sum
        count += other.count
    }

    mutating func observe(_ observation: Double, bounds: [Double]) {
        let index = bounds.firstIndex { observation <= $0 } ?? bounds.count
        if bucketCounts.count == bounds.count + 1 { bucketCounts[index] += 1 }
        sum += observation
        count += 1
    }
}
