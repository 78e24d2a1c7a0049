import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The Overview, Workers and Schedules pages and `GET /v1/workers`, `GET /v1/stats` against the test
/// Redis: workers announced as a worker's lease thread does, a run finished as a worker finishes it.
@Suite struct DashboardFleetPageTests {
    private func record(_ name: String, digest: String, interval: Int64, run: String? = nil) -> WorkerRecord {
        WorkerRecord(name: name, host: "host-a", pid: 4242, queues: ["default"], pipelineDigest: digest, runID: run,
                     pipeline: run.map { _ in "etl" }, runSince: run.map { _ in 1000 }, step: run.map { _ in "extract" },
                     stepSince: run.map { _ in 2000 }, intervalMilliseconds: interval, runsDone: 3, rssBytes: 50 * 1_048_576)
    }

    @Test func theWorkersPageListsLiveWorkersAndFlagsLateHeartbeatsAndOtherPipelineFiles() async throws {
        let fixture = try await FrontFixture()
        let digest = try FrontFixture.pipelines().digest
        #expect(digest.count == 64)
        let fine = record("w-fine", digest: digest, interval: 60_000, run: "0194aaaa-0000-7000-8000-000000000001")
        // Announces every millisecond, so its heartbeat is late two milliseconds on; another file.
        let odd = record("w-odd", digest: "0123456789abcdef", interval: 1)
        try await fixture.queue.blocking { try $0.announce(worker: "w-fine", queues: ["default"], for: .seconds(600), record: fine) }
        try await fixture.queue.blocking { try $0.announce(worker: "w-odd", queues: ["default"], for: .seconds(600), record: odd) }
        try await fixture.test { client in
            let api = try await client.execute(uri: "/v1/workers", method: .get, headers: fixture.read)
            #expect(api.status == .ok)
            let workers = try JSONDecoder().decode(WorkerList.self, from: Data(api.text.utf8))
            #expect(workers.pipeline_digest == digest)
            #expect(workers.workers.map(\.name) == ["w-fine", "w-odd"])
            #expect(workers.workers[0].late == false && workers.workers[0].pipeline_differs == false)
            #expect(workers.workers[0].run_id == fine.runID && workers.workers[0].step == "extract")
            #expect(workers.workers[1].pipeline_differs == true)

            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            try await Eventually.poll("w-odd's heartbeat is late") {
                try await browser.get("/ui/workers").text.contains("data-flag=\"late\"")
            }
            let page = try await browser.get("/ui/workers").text
            #expect(page.contains("<tr data-worker=\"w-fine\">") && page.contains("<tr data-worker=\"w-odd\">"))
            #expect(page.contains("host-a / 4242") && page.contains("50 MiB"))
            #expect(page.contains("href=\"/ui/runs/\(fine.runID ?? "")\""))
            #expect(page.components(separatedBy: "data-flag=\"pipeline\"").count == 2)  // w-odd only
            #expect(page.components(separatedBy: "data-flag=\"late\"").count == 2)      // w-odd only

            try await fixture.queue.blocking { try $0.withdraw(worker: "w-odd", queues: ["default"]) }
            #expect(try await browser.get("/ui/workers").text.contains("w-odd") == false)
        }
    }

    @Test func theOverviewChartsTheRunsThatEndedAndStatsServesThem() async throws {
        let fixture = try await FrontFixture()
        let run = fixture.queue.newRun(steps: ["a"])
        try await fixture.queue.blocking { try $0.enqueue(run) }
        let claimed = try #require(try await fixture.queue.blocking { try $0.claim(worker: "w", lease: .seconds(30)) })
        let step = StepState(name: "a", status: .succeeded, startedAt: 0, finishedAt: 250, exitCode: 0)
        #expect(try await fixture.queue.blocking { try $0.finish(claimed, status: .succeeded, outputs: nil, error: nil, steps: [step]) } == .ok)
        try await fixture.test { client in
            let stats = try await client.execute(uri: "/v1/stats?since=30m", method: .get, headers: fixture.read)
            #expect(stats.status == .ok)
            let report = try JSONDecoder().decode(StatsReport.self, from: Data(stats.text.utf8))
            #expect(report.totals.runs == ["demo": ["succeeded": 1]])
            #expect(report.totals.step_durations["demo"]?.count == 1)
            let bad = try await client.execute(uri: "/v1/stats?since=soon", method: .get, headers: fixture.read)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType] == "application/problem+json")

            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            #expect(try await browser.get("/ui").headers[.location] == "/ui/overview")
            let overview = try await browser.get("/ui/overview").text
            #expect(overview.contains("data-chart=\"chart-runs\""))
            #expect(overview.contains("data-series=\"succeeded\""))
            #expect(overview.contains("data-total=\"succeeded\">1<"))
            #expect(overview.contains("Step duration p50/p95 — demo"))
            #expect(overview.contains("aria-current=\"page\">Overview"))

            let pipelines = try await browser.get("/ui/pipelines").text
            #expect(pipelines.contains("data-chart=\"chart-runs-0\"") && pipelines.contains("data-chart=\"chart-duration-1\""))
            let queue = try await browser.get("/ui/queue").text
            #expect(queue.contains("data-chart=\"chart-depth\"") && queue.contains("data-chart=\"chart-wait\""))
            let schedules = try await browser.get("/ui/schedules").text
            #expect(schedules.contains("The pipeline file has no <code>schedules:</code>."))
        }
    }
}
