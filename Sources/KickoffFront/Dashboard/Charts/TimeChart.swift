import Foundation

/// A chart over time, drawn on the server as SVG markup (no script, no chart library): stacked bars
/// (one per minute, e.g. runs by outcome) or lines with a marker per data point (e.g. p50/p95).
/// Accessible as an image: `role="img"`, an `aria-label`, and `<title>`/`<desc>` that say what it
/// shows in words, each bar and point with its own `<title>`; every colour is dark enough to read
/// against white (at least 3:1, WCAG's figure for graphics), and the legend names each series.
struct TimeChart {
    enum Style { case bars, lines }

    struct Series {
        var name: String
        /// A colour with at least 3:1 contrast on white.
        var color: String
        /// Time (Unix ms) → value; times without a value draw nothing.
        var points: [Int64: Double]
    }

    /// Unique on the page (the ids of its title and description derive from it).
    var id: String
    var title: String
    /// What the chart shows, in a sentence (read by screen readers).
    var summary: String
    var style: Style
    var series: [Series]
    /// The time span drawn, Unix ms, and the width of one bar (a minute).
    var from: Int64
    var to: Int64
    var step: Int64 = 60_000
    /// A value as the axis and the tooltips write it.
    var format: (Double) -> String = { TimeChart.count($0) }

    static let width = 640, height = 200
    static let left = 56, right = 12, top = 12, bottom = 28

    func render() -> HTML {
        let plotWidth = Double(Self.width - Self.left - Self.right), plotHeight = Double(Self.height - Self.top - Self.bottom)
        let span = Double(max(to - from, step))
        let (maximum, gridStep) = axis(style == .bars ? stackedMaximum : series.flatMap(\.points.values).max() ?? 0)
        func x(_ time: Int64) -> Double { Double(Self.left) + Double(time - from) / span * plotWidth }
        func y(_ value: Double) -> Double { Double(Self.top) + plotHeight - value / maximum * plotHeight }
        let grid: [HTML] = (0...Int((maximum / gridStep).rounded())).map { index in
            let value = gridStep * Double(index)
            let position = Self.number(y(value))
            return """
            <line x1="\(Self.left)" x2="\(Self.width - Self.right)" y1="\(position)" y2="\(position)" stroke="#d9dee5" stroke-width="1"/>\
            <text x="\(Self.left - 6)" y="\(position)" text-anchor="end" dominant-baseline="middle" font-size="11" fill="#3d4652">\(format(value))</text>
            """
        }
        let ticks: [HTML] = (0...4).map { index in
            let time = from + Int64(Double(to - from) * Double(index) / 4)
            let anchor: HTML = index == 0 ? "start" : index == 4 ? "end" : "middle"
            return "<text x=\"\(Self.number(x(time)))\" y=\"\(Self.height - 8)\" text-anchor=\"\(anchor)\" font-size=\"11\" fill=\"#3d4652\">\(Self.clock(time))</text>"
        }
        let marks = style == .bars ? bars(x: x, y: y, plotWidth: plotWidth, span: span) : lines(x: x, y: y)
        let legend: [HTML] = series.map { item in
            // A small SVG, not a styled span: the dashboard's Content-Security-Policy allows no inline style.
            "<li><svg class=\"swatch\" width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" rx=\"2\" fill=\"\(item.color)\"/></svg> \(item.name)</li>"
        }
        let label = title + ". " + summary
        return """
        <figure class="chart" id="\(id)">
        <svg class="chart" role="img" aria-label="\(label)" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(Self.width) \(Self.height)" \
        width="\(Self.width)" height="\(Self.height)" preserveAspectRatio="xMidYMid meet" data-chart="\(id)">
        <title id="\(id)-title">\(title)</title>
        <desc id="\(id)-desc">\(summary)</desc>
        <rect x="0" y="0" width="\(Self.width)" height="\(Self.height)" fill="#ffffff"/>
        \(grid)
        <line x1="\(Self.left)" x2="\(Self.width - Self.right)" y1="\(Self.height - Self.bottom)" y2="\(Self.height - Self.bottom)" stroke="#5f6b7a" stroke-width="1"/>
        \(ticks)
        \(marks)
        </svg>
        <figcaption>\(title) <ul class="legend">\(legend)</ul></figcaption>
        </figure>
        """
    }

    /// The tallest stack of bars.
    private var stackedMaximum: Double {
        var totals: [Int64: Double] = [:]
        for item in series { for (time, value) in item.points { totals[time, default: 0] += value } }
        return totals.values.max() ?? 0
    }

    private func bars(x: (Int64) -> Double, y: (Double) -> Double, plotWidth: Double, span: Double) -> HTML {
        let width = max(1, plotWidth * Double(step) / span - 1)
        var stacks: [Int64: Double] = [:]
        var marks: [HTML] = []
        for item in series {
            for time in item.points.keys.sorted() {
                guard let value = item.points[time], value > 0, time >= from, time < to else { continue }
                let base = stacks[time] ?? 0
                stacks[time] = base + value
                let top = y(base + value), bottom = y(base)
                marks.append("""
                <rect class="bar" x="\(Self.number(x(time)))" y="\(Self.number(top))" width="\(Self.number(width))" \
                height="\(Self.number(max(bottom - top, 1)))" fill="\(item.color)" data-series="\(item.name)" data-time="\(Int(time))" \
                data-value="\(Self.number(value))"><title>\(Self.clock(time)) \(item.name): \(format(value))</title></rect>
                """)
            }
        }
        return HTML(joining: marks)
    }

    private func lines(x: (Int64) -> Double, y: (Double) -> Double) -> HTML {
        var marks: [HTML] = []
        for item in series {
            let times = item.points.keys.sorted().filter { $0 >= from && $0 <= to }
            let path = times.compactMap { time in item.points[time].map { Self.number(x(time)) + "," + Self.number(y($0)) } }.joined(separator: " ")
            if times.count > 1 {
                marks.append("<polyline fill=\"none\" stroke=\"\(item.color)\" stroke-width=\"2\" points=\"\(path)\"/>")
            }
            for time in times {
                guard let value = item.points[time] else { continue }
                marks.append("""
                <circle class="point" cx="\(Self.number(x(time)))" cy="\(Self.number(y(value)))" r="3" fill="\(item.color)" \
                data-series="\(item.name)" data-time="\(Int(time))" data-value="\(Self.number(value))"><title>\(Self.clock(time)) \(item.name): \(format(value))</title></circle>
                """)
            }
        }
        return HTML(joining: marks)
    }

    /// The axis for values up to `value`: a round step (1, 2 or 5 times a power of ten, at least 1, so
    /// that counts read as whole numbers) and the top, a whole number of steps (at most 4) above it.
    func axis(_ value: Double) -> (maximum: Double, step: Double) {
        let quarter = max(value, 1) / 4
        let power = pow(10, log10(quarter).rounded(.down))
        let factor = [1.0, 2, 5].first { $0 * power >= quarter } ?? 10
        let step = max(1, factor * power)
        return (max(step, (value / step).rounded(.up) * step), step)
    }

    /// One decimal at most, no trailing `.0`.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }

    static func count(_ value: Double) -> String { number(value) }

    /// A duration in ms as the axis writes it (`850 ms`, `1.5 s`, `2 min`).
    static func milliseconds(_ value: Double) -> String {
        if value < 1000 { return number(value) + " ms" }
        if value < 60_000 { return number(value / 1000) + " s" }
        return number(value / 60_000) + " min"
    }

    /// `HH:MM` (UTC).
    static func clock(_ milliseconds: Int64) -> String {
        String(Formatting.time(milliseconds).dropFirst(11).prefix(5))
    }
}
