import Foundation
import KickoffModel
import KickoffTestSupport
import RedisClient
import Testing

/// `/metrics` of a real `kickoff serve` and of a real `kickoff pool --metrics-port`, after runs that
/// succeed, fail (with a retry) and are refused: exact counts, valid exposition, and every metric the
/// Grafana dashboard queries is one the processes expose.
@Suite struct MetricsEndToEndTests {
    static let pipelines = """
    pipelines:
      good:
        steps:
          only: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}
      bad:
        retries: {max_attempts: 2, backoff: 10ms}
        steps:
          boom: {run: [python3, step.py, fail]}
    """

    @Test func theFrontAndThePoolCountWhatHappenedAndTheDashboardQueriesOnlyWhatExists() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let receiver = try await WebhookReceiver()
        let allow = ["KICKOFF_WEBHOOK_ALLOW": "127.0.0.0/8"]
        let front = try await fixture.startFront(environment: allow)

        // No worker yet: the runs wait in the queue.
        let good = try await front.send("POST", "/v1/pipelines/good/runs", json: #"{"callback_url":"\#(receiver.url)"}"#)
        #expect(good.status == 202, "\(good.text)")
        let bad = try await front.send("POST", "/v1/pipelines/bad/runs", json: "{}")
        #expect(bad.status == 202, "\(bad.text)")
        let refused = try await front.send("POST", "/v1/pipelines/good/runs", json: #"{"parameters":{"n":"seven"}}"#)
        #expect(refused.status == 422)

        let waiting = try await scrape(front.baseURL)
        #expect(waiting.value("kickoff_queue_depth", ["priority": "normal"]) == 2)
        #expect(waiting.value("kickoff_queue_depth", ["priority": "high"]) == 0)
        #expect(try #require(waiting.value("kickoff_queue_oldest_age_seconds", ["priority": "normal"])) >= 0)
        #expect(waiting.value("kickoff_runs_running") == 0)
        #expect(waiting.value("kickoff_redis_up") == 1)
        #expect(waiting.value("kickoff_triggers_total", ["pipeline": "good", "outcome": "accepted"]) == 1)
        #expect(waiting.value("kickoff_triggers_total", ["pipeline": "bad", "outcome": "accepted"]) == 1)
        #expect(waiting.value("kickoff_triggers_total", ["pipeline": "good", "outcome": "invalid"]) == 1)
        #expect(waiting.value("kickoff_http_problems_total", ["status": "422"]) == 1)
        #expect(waiting.value("kickoff_redis_command_duration_seconds_count", ["command": "script:enqueue"]) == 2)

        // One pool worker runs both: the good one succeeds (and its webhook is delivered), the bad one
        // fails twice (one retry, in place).
        let metricsPort = try FreePort.find()
        let pool = try fixture.startPool(workers: 1, extra: ["--metrics-port", String(metricsPort)], environment: allow)
        let poolURL = "http://127.0.0.1:\(metricsPort)"
        let goodID = try #require(good.json?["id"] as? String), badID = try #require(bad.json?["id"] as? String)
        #expect(try await fixture.waitUntilFinished(goodID).status == .succeeded)
        #expect(try await fixture.waitUntilFinished(badID).status == .failed)
        try await Eventually.poll("the pool's metrics show both runs and the webhook") {
            guard let counts = try? await scrape(poolURL) else { return false }
            return counts.value("kickoff_runs_total", ["pipeline": "good", "status": "succeeded"]) == 1
                && counts.value("kickoff_runs_total", ["pipeline": "bad", "status": "failed"]) == 1
                && counts.value("kickoff_webhook_deliveries_total", ["outcome": "delivered"]) == 1
        }
        let workers = try await scrape(poolURL)
        #expect(workers.value("kickoff_run_duration_seconds_count", ["pipeline": "good", "status": "succeeded"]) == 1)
        #expect(workers.value("kickoff_run_duration_seconds_count", ["pipeline": "bad", "status": "failed"]) == 1)
        #expect(workers.value("kickoff_step_duration_seconds_count", ["pipeline": "good", "step": "only", "status": "succeeded"]) == 1)
        #expect(workers.value("kickoff_step_duration_seconds_count", ["pipeline": "bad", "step": "boom", "status": "failed"]) == 2)
        #expect(workers.value("kickoff_queue_wait_seconds_count", ["pipeline": "good", "priority": "normal"]) == 1)
        // The retry runs in place: the run waited in the queue once.
        #expect(workers.value("kickoff_queue_wait_seconds_count", ["pipeline": "bad", "priority": "normal"]) == 1)
        #expect(workers.value("kickoff_retries_total", ["pipeline": "bad"]) == 1)
        #expect(workers.value("kickoff_webhook_delivery_duration_seconds_count", ["outcome": "delivered"]) == 1)
        #expect(workers.value("kickoff_pool_workers") == 1)
        #expect(try #require(workers.value("kickoff_artifact_bytes")) >= 0)
        #expect(workers.value("kickoff_pool_worker_starts_total") == 1)
        #expect(try #require(workers.value("kickoff_redis_command_duration_seconds_count", ["command": "script:claim"])) >= 2)
        #expect(workers.value("kickoff_runs_total", ["pipeline": "good", "status": "failed"]) == nil)

        let done = try await scrape(front.baseURL)
        #expect(done.value("kickoff_queue_depth", ["priority": "normal"]) == 0)
        #expect(done.value("kickoff_queue_oldest_age_seconds", ["priority": "normal"]) == 0)

        // Every name is ours, and every metric the dashboard queries exists in what is exposed.
        let exposed = Set(done.types.keys).union(workers.types.keys)
        #expect(exposed.allSatisfy { $0.hasPrefix("kickoff_") }, "\(exposed.sorted())")
        let dashboardNames = try Self.dashboardMetricNames()
        #expect(!dashboardNames.isEmpty)
        for name in dashboardNames {
            #expect(done.family(of: name) != nil || workers.family(of: name) != nil, "the dashboard queries \(name), which nothing exposes")
        }

        pool.signal(SIGTERM)
        #expect(try await pool.waitForExit() == 0, "\(pool.output)")
        await receiver.close()
    }

    @Test func aPoolKeepsTheCountsOfAWorkerThatDiedAndAddsItsReplacements() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let metricsPort = try FreePort.find()
        let pool = try fixture.startPool(workers: 1, extra: ["--metrics-port", String(metricsPort)])
        let poolURL = "http://127.0.0.1:\(metricsPort)"
        let first = try await fixture.enqueue("good")
        let record = try await fixture.waitUntilFinished(first.id)
        #expect(record.status == .succeeded)
        try await Eventually.poll("the pool shows the first run") {
            (try? await scrape(poolURL))?.value("kickoff_runs_total", ["pipeline": "good", "status": "succeeded"]) == 1
        }

        // kill -9 the worker (its name is host/pid): the pool replaces it, and keeps what it counted.
        let victim = try #require(record.worker.flatMap { $0.split(separator: "/").last }.flatMap { Int32($0) })
        kill(victim, SIGKILL)
        try await Eventually.poll("the pool has restarted its worker") {
            let counts = try? await scrape(poolURL)
            return counts?.value("kickoff_pool_worker_starts_total") == 2 && counts?.value("kickoff_pool_workers") == 1
        }
        let after = try await scrape(poolURL)
        #expect(after.value("kickoff_pool_worker_exits_total", ["reason": "signaled"]) == 1)
        #expect(after.value("kickoff_runs_total", ["pipeline": "good", "status": "succeeded"]) == 1)

        let second = try await fixture.enqueue("good")
        #expect(try await fixture.waitUntilFinished(second.id).status == .succeeded)
        try await Eventually.poll("the pool adds the replacement's run to the dead worker's") {
            let counts = try? await scrape(poolURL)
            return counts?.value("kickoff_runs_total", ["pipeline": "good", "status": "succeeded"]) == 2
                && counts?.value("kickoff_step_duration_seconds_count", ["pipeline": "good", "step": "only", "status": "succeeded"]) == 2
        }
        pool.signal(SIGTERM)
        #expect(try await pool.waitForExit() == 0, "\(pool.output)")
    }

    @Test func aLoneWorkerServesItsOwnMetrics() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let metricsPort = try FreePort.find()
        let worker = try fixture.startWorker("alone", environment: ["KICKOFF_METRICS_PORT": String(metricsPort)])
        let run = try await fixture.enqueue("good")
        #expect(try await fixture.waitUntilFinished(run.id).status == .succeeded)
        try await Eventually.poll("the worker's metrics show the run") {
            (try? await scrape("http://127.0.0.1:\(metricsPort)"))?.value("kickoff_runs_total", ["pipeline": "good", "status": "succeeded"]) == 1
        }
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit() == 0, "\(worker.output)")
    }

    @Test func aBadMetricsPortIsRefusedNamingTheFlagOrVariable() async throws {
        let flag = try await KickoffProcess.run(["pool", "--metrics-port", "70000", "--workers", "1"])
        #expect(flag.status != 0)
        #expect(flag.output.contains("--metrics-port: 70000 is not a port"), "\(flag.output)")
        let variable = try await KickoffProcess.run(["worker"], environment: ["KICKOFF_METRICS_PORT": "nine"])
        #expect(variable.status != 0)
        #expect(variable.output.contains("KICKOFF_METRICS_PORT: 'nine' is not a port"), "\(variable.output)")
    }

    private func scrape(_ baseURL: String) async throws -> PrometheusExposition {
        let answer = try await FrontProcess.request(baseURL + "/metrics", method: "GET", key: nil, body: nil)
        guard answer.status == 200, answer.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true else {
            throw TestSupportError("GET \(baseURL)/metrics: \(answer.status) \(answer.headers)")
        }
        return try PrometheusExposition(answer.text)
    }

    /// Every `kickoff_…` name in the dashboard's PromQL expressions.
    static func dashboardMetricNames() throws -> Set<String> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../deploy/grafana/kickoff-dashboard.json").standardized
        let dashboard = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        var expressions: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if key == "expr", let text = child as? String { expressions.append(text) } else { walk(child) }
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(dashboard)
        let pattern = try NSRegularExpression(pattern: "kickoff_[a-z0-9_]+")
        var names: Set<String> = []
        for expression in expressions {
            for match in pattern.matches(in: expression, range: NSRange(expression.startIndex..., in: expression)) {
                if let range = Range(match.range, in: expression) { names.insert(String(expression[range])) }
            }
        }
        return names
    }
}
