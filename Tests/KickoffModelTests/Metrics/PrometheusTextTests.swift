import Foundation
import KickoffTelemetry
import KickoffTestSupport
import Testing

/// The registry and its text: escaping, cumulative buckets, and adding snapshots up as a pool does.
@Suite struct PrometheusTextTests {
    @Test func labelValuesAreEscapedAndReadBackExactly() throws {
        let registry = MetricsRegistry()
        let counter = registry.counter("kickoff_test_total", "A help text with a \\ backslash\nand a line feed.", labels: ["pipeline"])
        let awkward = "quote \" back \\ slash\nnew line"
        counter.increment([awkward], by: 2)
        let text = PrometheusText.render(registry.snapshot())
        #expect(text.contains(#"# HELP kickoff_test_total A help text with a \\ backslash\nand a line feed."#))
        let parsed = try PrometheusExposition(text)
        #expect(parsed.value("kickoff_test_total", ["pipeline": awkward]) == 2)
    }

    @Test func histogramBucketsAreCumulativeWithInfSumAndCount() throws {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("kickoff_test_seconds", "Test.", labels: ["step"], buckets: [1, 0.1, 10])
        for value in [0.05, 0.1, 0.5, 3, 20] { histogram.observe(value, ["a"]) }
        let parsed = try PrometheusExposition(PrometheusText.render(registry.snapshot()))
        #expect(parsed.types["kickoff_test_seconds"] == "histogram")
        #expect(parsed.value("kickoff_test_seconds_bucket", ["step": "a", "le": "0.1"]) == 2)  // le is inclusive
        #expect(parsed.value("kickoff_test_seconds_bucket", ["step": "a", "le": "1"]) == 3)
        #expect(parsed.value("kickoff_test_seconds_bucket", ["step": "a", "le": "10"]) == 4)
        #expect(parsed.value("kickoff_test_seconds_bucket", ["step": "a", "le": "+Inf"]) == 5)
        #expect(parsed.value("kickoff_test_seconds_count", ["step": "a"]) == 5)
        #expect(parsed.value("kickoff_test_seconds_sum", ["step": "a"]) == 23.65)
    }

    @Test func snapshotsAddUpAndSurviveJSON() throws {
        func worker(_ runs: Double, _ wait: Double) -> MetricsSnapshot {
            let registry = MetricsRegistry()
            registry.counter("kickoff_runs_total", "Runs.", labels: ["status"]).increment(["succeeded"], by: runs)
            registry.histogram("kickoff_wait_seconds", "Wait.", buckets: [1]).observe(wait)
            return registry.snapshot()
        }
        var total = MetricsSnapshot()
        total.merge(worker(2, 0.5))
        total.merge(try JSONDecoder().decode(MetricsSnapshot.self, from: JSONEncoder().encode(worker(3, 5))))
        let parsed = try PrometheusExposition(PrometheusText.render(total))
        #expect(parsed.value("kickoff_runs_total", ["status": "succeeded"]) == 5)
        #expect(parsed.value("kickoff_wait_seconds_bucket", ["le": "1"]) == 1)
        #expect(parsed.value("kickoff_wait_seconds_count") == 2)
    }

    @Test func theReaderRefusesSamplesBeforeTheirTypeAndDuplicateSeries() {
        #expect(throws: TestSupportError.self) { try PrometheusExposition("kickoff_x 1\n# HELP kickoff_x X.\n# TYPE kickoff_x gauge\n") }
        #expect(throws: TestSupportError.self) {
            try PrometheusExposition("# HELP kickoff_x X.\n# TYPE kickoff_x gauge\nkickoff_x{a=\"1\"} 1\nkickoff_x{a=\"1\"} 2\n")
        }
    }
}
