import Synchronization

/// The metrics of one process, kept in memory and written in the Prometheus text format
/// (`PrometheusText`). Families are declared once (`counter`, `gauge`, `histogram`) and updated
/// through the handle returned; label values must come from a bounded set (known pipeline names,
/// fixed outcomes), never from what a client sends, so the number of series stays bounded.
///
/// ```swift
/// let registry = MetricsRegistry()
/// let triggers = registry.counter("kickoff_triggers_total", "Trigger attempts.", labels: ["pipeline", "outcome"])
/// triggers.increment(["training", "accepted"])
/// let text = PrometheusText.render(registry.snapshot())
/// ```
public final class MetricsRegistry: Sendable {
    private let state = Mutex(MetricsSnapshot())

    public init() {}

    public func counter(_ name: String, _ help: String, labels: [String] = []) -> CounterMetric {
        declare(MetricFamily(name: name, help: help, type: .counter, labelNames: labels))
        return CounterMetric(registry: self, name: name)
    }

    public func gauge(_ name: String, _ help: String, labels: [String] = []) -> GaugeMetric {
        declare(MetricFamily(name: name, help: help, type: .gauge, labelNames: labels))
        return GaugeMetric(registry: self, name: name)
    }

    public func histogram(_ name: String, _ help: String, labels: [String] = [], buckets: [Double]) -> HistogramMetric {
        declare(MetricFamily(name: name, help: help, type: .histogram, labelNames: labels, buckets: buckets.sorted()))
        return HistogramMetric(registry: self, name: name)
    }

    /// A copy of every family and series as they are now.
    public func snapshot() -> MetricsSnapshot {
        state.withLock { $0 }
    }

    private func declare(_ family: MetricFamily) {
        assert(family.name.hasPrefix("kickoff_"), "metric \(family.name) lacks the kickoff_ prefix")
        state.withLock { snapshot in
            if snapshot.families[family.name] == nil { snapshot.families[family.name] = family }
        }
    }

    fileprivate func update(_ name: String, _ labels: [String], _ change: (inout MetricSeries, MetricFamily) -> Void) {
        state.withLock { snapshot in
            guard var family = snapshot.families[name] else { return }
            // A wrong number of label values is a programming error; drop it rather than emit bad text.
            guard labels.count == family.labelNames.count else {
                assertionFailure("metric \(name) takes labels \(family.labelNames), got \(labels)")
                return
            }
            var series = family.series[labels] ?? MetricSeries(bucketCount: family.buckets.count)
            change(&series, family)
            family.series[labels] = series
            snapshot.families[name] = family
        }
    }

    fileprivate func replace(_ name: String, _ series: [[String]: Double]) {
        state.withLock { snapshot in
            guard var family = snapshot.families[name] else { return }
            family.series = series.mapValues { MetricSeries(value: $0) }
            snapshot.families[name] = family
        }
    }
}

public struct CounterMetric: Sendable {
    let registry: MetricsRegistry
    public let name: String

    public func increment(_ labels: [String] = [], by amount: Double = 1) {
        guard amount >= 0 else { return }  // a counter never goes down
        registry.update(name, labels) { series, _ in series.value += amount }
    }
}

public struct GaugeMetric: Sendable {
    let registry: MetricsRegistry
    public let name: String

    public func set(_ value: Double, _ labels: [String] = []) {
        registry.update(name, labels) { series, _ in series.value = value }
    }

    public func add(_ amount: Double, _ labels: [String] = []) {
        registry.update(name, labels) { series, _ in series.value += amount }
    }

    /// Replaces every series at once (values read at scrape time).
    public func replaceAll(_ series: [[String]: Double]) {
        registry.replace(name, series)
    }
}

public struct HistogramMetric: Sendable {
    let registry: MetricsRegistry
    public let name: String

    public func observe(_ value: Double, _ labels: [String] = []) {
        registry.update(name, labels) { series, family in series.observe(value, bounds: family.buckets) }
    }

    public func observe(_ duration: Duration, _ labels: [String] = []) {
        observe(duration.inSeconds, labels)
    }
}

extension Duration {
    /// In seconds, with the fraction.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Bucket bounds (seconds) shared by the families that measure alike.
public enum MetricBuckets {
    /// Runs and steps: a tenth of a second to two hours.
    public static let runDuration: [Double] = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200]
    /// Time in the queue.
    public static let queueWait: [Double] = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600]
    /// One webhook HTTP attempt.
    public static let webhook: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    /// One Redis command round trip.
    public static let redis: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5]
}
