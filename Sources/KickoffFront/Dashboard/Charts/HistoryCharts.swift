import KickoffModel

/// The dashboard's charts of the per-minute history (`FleetStore.history`): runs per minute by
/// outcome, queue depth and oldest wait, step duration p50/p95. Each takes the minutes read for
/// `from..<to` and an optional filter (one pipeline, one queue).
struct HistoryCharts {
    var minutes: [HistoryMinute]
    var from: Int64
    var to: Int64

    /// Outcome colours: each at least 3:1 against white.
    static let outcomes: [(status: String, color: String)] = [
        ("succeeded", "#1a7f37"), ("failed", "#cf222e"), ("canceled", "#57606a"),
    ]

    func runs(pipeline: String? = nil, id: String = "chart-runs") -> HTML {
        let series = Self.outcomes.map { outcome in
            TimeChart.Series(name: outcome.status, color: outcome.color, points: points { minute in
                let count = pipeline.map { minute.runs[$0]?[outcome.status] ?? 0 } ?? minute.runsByStatus[outcome.status] ?? 0
                return count > 0 ? Double(count) : nil
            })
        }
        let total = series.reduce(0) { $0 + $1.points.values.reduce(0, +) }
        let subject = pipeline.map { "runs of \($0)" } ?? "runs"
        let summary = "Finished \(subject) per minute by outcome over the last \(spanText): \(TimeChart.number(total)) in all"
            + series.map { ", \(TimeChart.number($0.points.values.reduce(0, +))) \($0.name)" }.joined() + "."
        return TimeChart(id: id, title: "Runs per minute" + (pipeline.map { " — \($0)" } ?? ""), summary: summary, style: .bars,
                         series: series, from: from, to: to).render()
    }

    func queueDepth(queues: [String], id: String = "chart-depth") -> HTML {
        let series = queues.enumerated().map { index, queue in
            TimeChart.Series(name: queue, color: Self.palette[index % Self.palette.count], points: points { $0.depth[queue].map(Double.init) })
        }
        let peak = series.flatMap(\.points.values).max() ?? 0
        let summary = "Runs waiting in \(Self.names(queues)), sampled once a minute over the last \(spanText); at most \(TimeChart.number(peak))."
        return TimeChart(id: id, title: "Queue depth", summary: summary, style: .lines, series: series, from: from, to: to).render()
    }

    func oldestWait(queues: [String], id: String = "chart-wait") -> HTML {
        let series = queues.enumerated().map { index, queue in
            TimeChart.Series(name: queue, color: Self.palette[index % Self.palette.count],
                             points: points { minute in minute.depth[queue] == nil ? nil : Double(minute.oldestWait[queue] ?? 0) })
        }
        let peak = series.flatMap(\.points.values).max() ?? 0
        let summary = "How long the oldest waiting run of \(Self.names(queues)) had waited, sampled once a minute over the last "
            + "\(spanText); at most \(TimeChart.milliseconds(peak))."
        return TimeChart(id: id, title: "Oldest wait", summary: summary, style: .lines, series: series, from: from, to: to,
                         format: TimeChart.milliseconds).render()
    }

    func durations(pipeline: String, id: String) -> HTML {
        let p50 = points { $0.steps[pipeline]?.percentile(0.5).map(Double.init) }
        let p95 = points { $0.steps[pipeline]?.percentile(0.95).map(Double.init) }
        var all = DurationHistogram()
        for minute in minutes { if let histogram = minute.steps[pipeline] { all.merge(histogram) } }
        let overall = all.percentile(0.5).map { "p50 \(TimeChart.milliseconds(Double($0))), p95 \(TimeChart.milliseconds(Double(all.percentile(0.95) ?? $0)))" }
        let summary = "Step durations of \(pipeline) per minute, median and 95th percentile, over the last \(spanText): "
            + "\(all.count) steps" + (overall.map { ", \($0) overall." } ?? ".")
        return TimeChart(id: id, title: "Step duration p50/p95 — \(pipeline)", summary: summary, style: .lines,
                         series: [TimeChart.Series(name: "p50", color: "#0969da", points: p50),
                                  TimeChart.Series(name: "p95", color: "#8250df", points: p95)],
                         from: from, to: to, format: TimeChart.milliseconds).render()
    }

    /// The queues and pipelines the minutes mention, sorted.
    var queues: [String] { Array(Set(minutes.flatMap(\.depth.keys))).sorted() }
    var pipelines: [String] { Array(Set(minutes.flatMap { Array($0.runs.keys) + Array($0.steps.keys) })).sorted() }

    /// Line colours, each at least 3:1 against white.
    static let palette = ["#0969da", "#bc4c00", "#8250df", "#1a7f37", "#bf3989", "#57606a"]

    private func points(_ value: (HistoryMinute) -> Double?) -> [Int64: Double] {
        var points: [Int64: Double] = [:]
        for minute in minutes { if let value = value(minute) { points[minute.startMilliseconds] = value } }
        return points
    }

    private var spanText: String {
        let minutes = (to - from) / 60_000
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes) min"
    }

    private static func names(_ queues: [String]) -> String {
        queues.isEmpty ? "no queue" : queues.count == 1 ? "queue " + queues[0] : "queues " + queues.joined(separator: ", ")
    }
}
