import Foundation
@testable import KickoffFront
import KickoffModel
import Testing

/// The dashboard's server-rendered SVG charts, read as markup: a bar or a point per value, with
/// accessible text.
@Suite struct ChartTests {
    private func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func stackedBarsDrawOneBarPerOutcomeAndMinuteWithAccessibleText() {
        let from: Int64 = 60 * 60_000, to = from + 10 * 60_000
        let minutes = [
            HistoryMinute(minute: 61, fields: ["runs:train:succeeded": "3", "runs:train:failed": "1"]),
            HistoryMinute(minute: 65, fields: ["runs:etl:succeeded": "2"]),
            HistoryMinute(minute: 200, fields: ["runs:etl:succeeded": "9"]),  // outside the span: not drawn
        ]
        let html = HistoryCharts(minutes: minutes, from: from, to: to).runs().text
        #expect(html.contains("role=\"img\""))
        #expect(html.contains("aria-labelledby=\"chart-runs-title chart-runs-desc\""))
        #expect(html.contains("<title id=\"chart-runs-title\">Runs per minute</title>"))
        #expect(html.contains("<desc id=\"chart-runs-desc\">"))
        #expect(html.contains("aria-label=\"Runs per minute. Finished runs per minute by outcome"))
        #expect(count("<rect class=\"bar\"", in: html) == 3)
        #expect(html.contains("data-series=\"succeeded\" data-time=\"\(61 * 60_000)\" data-value=\"3\""))
        #expect(html.contains("data-series=\"failed\" data-time=\"\(61 * 60_000)\" data-value=\"1\""))
        #expect(html.contains("<title>01:01 succeeded: 3</title>"))
        // The legend names every outcome in its colour.
        for outcome in HistoryCharts.outcomes { #expect(html.contains("rx=\"2\" fill=\"\(outcome.color)\"/></svg> \(outcome.status)</li>")) }
        // One pipeline's chart counts only its runs.
        let train = HistoryCharts(minutes: minutes, from: from, to: to).runs(pipeline: "train", id: "t").text
        #expect(count("<rect class=\"bar\"", in: train) == 2)
    }

    @Test func barsStackAndTheAxisRoundsUp() {
        let chart = TimeChart(id: "c", title: "T", summary: "S", style: .bars,
                              series: [TimeChart.Series(name: "a", color: "#000000", points: [0: 3]),
                                       TimeChart.Series(name: "b", color: "#000000", points: [0: 4])],
                              from: 0, to: 600_000)
        #expect(chart.axis(7) == (8, 2))
        #expect(chart.axis(0) == (1, 1))
        #expect(chart.axis(3) == (3, 1))
        #expect(chart.axis(150) == (150, 50))
        #expect(chart.axis(850) == (1000, 500))
        let html = chart.render().text
        // 7 runs stacked on a 0…8 axis 160 px high: the second bar starts where the first ends.
        #expect(html.contains("data-series=\"a\" data-time=\"0\" data-value=\"3\""))
        #expect(html.contains("y=\"112\" width=") && html.contains("y=\"32\" width="))
        // Whole numbers on the axis, one gridline per step: 0, 2, 4, 6, 8.
        for label in ["0", "2", "4", "6", "8"] { #expect(html.contains("fill=\"#3d4652\">\(label)</text>")) }
        #expect(!html.contains("fill=\"#3d4652\">2.5</text>") && count("stroke=\"#d9dee5\"", in: html) == 5)
    }

    @Test func linesDrawAPointPerMinuteAndTheDurationsArePercentiles() {
        let minutes = [
            HistoryMinute(minute: 1, fields: ["step:p:26": "9", "step:p:40": "1"]),
            HistoryMinute(minute: 2, fields: ["step:p:30": "1"]),
        ]
        let html = HistoryCharts(minutes: minutes, from: 0, to: 600_000).durations(pipeline: "p", id: "d").text
        #expect(count("<circle class=\"point\"", in: html) == 4)
        #expect(count("<polyline", in: html) == 2)
        #expect(html.contains("data-series=\"p50\" data-time=\"60000\" data-value=\"\(DurationHistogram.value(bucket: 26))\""))
        #expect(html.contains("data-series=\"p95\" data-time=\"60000\" data-value=\"\(DurationHistogram.value(bucket: 40))\""))
        #expect(html.contains("11 steps"))
    }

    @Test func queueChartsShowDepthAndOldestWaitPerQueueAndEscapeNames() {
        let minutes = [HistoryMinute(minute: 0, fields: ["depth:<q>": "4", "wait:<q>": "90000"])]
        let charts = HistoryCharts(minutes: minutes, from: 0, to: 600_000)
        #expect(charts.queues == ["<q>"])
        let depth = charts.queueDepth(queues: charts.queues).text, wait = charts.oldestWait(queues: charts.queues).text
        #expect(depth.contains("data-value=\"4\"") && !depth.contains("<q>"))
        #expect(depth.contains("&lt;q&gt;"))
        #expect(wait.contains("data-value=\"90000\"") && wait.contains("1.5 min"))
    }

    @Test func anEmptyHistoryDrawsAnAxisAndNoMarks() {
        let html = HistoryCharts(minutes: [], from: 0, to: 3_600_000).runs().text
        #expect(html.contains("<svg"))
        #expect(!html.contains("<rect class=\"bar\""))
        #expect(html.contains("0 in all"))
    }
}
