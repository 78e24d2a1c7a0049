import Foundation
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The fleet and the history with real `kickoff serve` and `kickoff worker` processes: a running
/// worker is listed by `GET /v1/workers` with its current run and step, and leaves the list when it
/// stops; the run it finished is in `GET /v1/stats`; the dashboard's pages show both.
@Suite struct FleetEndToEndTests {
    @Test func aRunningWorkerIsListedWithItsRunAndLeavesTheListWhenStopped() async throws {
        let fixture = try await WorkerFixture(pipelines: LiveFrontTests.pipelines)
        let front = try await fixture.startFront()
        let worker = try fixture.startWorker("fleet-w1")
        let accepted = try await front.send("POST", "/v1/pipelines/slow/runs", json: "{}")
        let id = try #require(accepted.json?["id"] as? String)
        try await fixture.waitForBlockingStep(id)

        @Sendable func listed() async throws -> [[String: Any]] {
            try await front.send("GET", "/v1/workers").json?["workers"] as? [[String: Any]] ?? []
        }
        // The next announcement (each maintenance tick) shows the run in progress.
        try await Eventually.poll("the worker is listed with its run") {
            try await listed().first { $0["name"] as? String == "fleet-w1" }?["run_id"] as? String == id
        }
        let entry = try #require(try await listed().first { $0["name"] as? String == "fleet-w1" })
        #expect(entry["pipeline"] as? String == "slow")
        #expect(entry["step"] as? String == "wait")
        #expect(entry["pid"] as? Int == Int(worker.pid))
        #expect(entry["queues"] as? [String] == ["default"])
        #expect(entry["late"] as? Bool == false)
        // Worker and front loaded the same file.
        #expect(entry["pipeline_differs"] as? Bool == false)
        #expect((entry["rss_bytes"] as? Int ?? 0) > 0)
        #expect(entry["run_since"] is String && entry["step_since"] is String && entry["heartbeat_at"] is String)

        let page = try await front.send("GET", "/v1/workers")
        #expect(page.status == 200)

        fixture.releaseBlockingSteps()
        _ = try await fixture.waitUntilFinished(id)
        try await Eventually.poll("the worker is idle again with one run done") {
            let entry = try await listed().first { $0["name"] as? String == "fleet-w1" }
            return entry?["run_id"] == nil && entry?["runs_done"] as? Int == 1
        }
        // The finished run is in the history, with its steps' durations.
        let stats = try await front.send("GET", "/v1/stats?since=1h")
        #expect(stats.status == 200, "\(stats.text)")
        let totals = try #require(stats.json?["totals"] as? [String: Any])
        #expect((totals["runs"] as? [String: [String: Int]])?["slow"]?["succeeded"] == 1)
        #expect((totals["step_durations"] as? [String: [String: Int]])?["slow"]?["count"] == 2)
        #expect(try await front.send("GET", "/v1/stats?since=yesterday").status == 422)

        // A graceful stop takes the worker off the list at once (not after its entry lapses).
        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit() == 0)
        #expect(try await listed().contains { $0["name"] as? String == "fleet-w1" } == false)
    }
}
