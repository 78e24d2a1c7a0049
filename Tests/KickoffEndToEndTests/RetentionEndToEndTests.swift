import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Retention flags on a real worker, and `kickoff runs purge` through a real front.
@Suite struct RetentionEndToEndTests {
    static let pipelines = """
        pipelines:
          quick:
            steps: {s: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}}
        """

    static func keys(_ fixture: WorkerFixture) async throws -> Set<String> {
        var found: Set<String> = []
        var cursor = "0"
        repeat {
            let reply = try await fixture.queue.send(RedisCommand("SCAN", cursor, "MATCH", fixture.queue.keys.prefix + "*", "COUNT", 1000))
            cursor = reply.array?.first?.string ?? "0"
            for key in reply.array?.last?.array ?? [] { if let key = key.string { found.insert(key) } }
        } while cursor != "0"
        return found
    }

    @Test func finishedRunsKeepTheConfiguredRetentionAndPurgeDeletesThemWithEverythingTheyOwn() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront()
        try fixture.startWorker("w1", extra: ["--run-retention", "2h", "--log-retention", "1h"])
        var finished: [String] = []
        for n in 1...3 {
            let answer = try await front.send("POST", "/v1/pipelines/quick/runs", json: #"{"parameters":{"n":\#(n)}}"#)
            #expect(answer.status == 202, "\(answer.text)")
            finished.append(try #require(answer.json?["id"] as? String))
        }
        let waiting = try await front.send("POST", "/v1/pipelines/quick/runs", json: #"{"delay_seconds":3600}"#)
        let scheduled = try #require(waiting.json?["id"] as? String)
        for id in finished {
            #expect(try await fixture.waitUntilFinished(id).status == .succeeded, "\(fixture.workerLogs())")
        }
        // The worker's flags: runs kept 2 h (packed), their logs 1 h (kept apart: they go sooner).
        let runTTL = try #require(try await fixture.queue.send(RedisCommand("TTL", fixture.queue.keys.done(finished[0]))).int)
        let logTTL = try #require(try await fixture.queue.send(RedisCommand("TTL", fixture.queue.keys.logs(finished[0]))).int)
        #expect((3601...7200).contains(runTTL), "run TTL \(runTTL)")
        #expect((1...3600).contains(logTTL), "log TTL \(logTTL)")

        let environment = ["KICKOFF_URL": front.baseURL, "KICKOFF_API_KEY": front.key]
        let bad = try await KickoffProcess.run(["runs", "purge", "--older-than", "soon"], environment: environment)
        #expect(bad.status != 0 && bad.output.contains("--older-than"), "\(bad.output)")
        let refused = try await front.send("POST", "/v1/runs/purge", json: #"{"status":["queued"],"dry_run":"yes"}"#)
        #expect(refused.status == 422, "\(refused.text)")
        let fields = (refused.json?["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
        #expect(Set(fields) == ["older_than", "status[0]", "dry_run"], "\(refused.text)")

        // Once they finished more than a second ago, a dry run counts them and deletes nothing.
        try await Eventually.poll("the runs are older than 1s", deadline: .seconds(30), every: .milliseconds(200)) {
            let dry = try await KickoffProcess.run(["runs", "purge", "--older-than", "1s", "--dry-run"], environment: environment)
            return dry.status == 0 && dry.output.contains("would delete 3 runs")
        }
        let before = try await Self.keys(fixture)
        // Its packed record (with its events) and its logs (kept apart: a retention of their own).
        #expect(before.filter { $0.contains(finished[0]) }.count >= 2, "\(before.sorted())")
        let purged = try await KickoffProcess.run(["runs", "purge", "--older-than", "1s", "--status", "succeeded"], environment: environment)
        #expect(purged.status == 0 && purged.output.contains("deleted 3 runs (succeeded)"), "\(purged.output)")
        let after = try await Self.keys(fixture)
        #expect(after.filter { key in finished.contains { key.contains($0) } }.isEmpty, "left: \(after.sorted())")
        #expect(after == before.filter { key in !finished.contains { key.contains($0) } })
        for id in finished { #expect(try await front.send("GET", "/v1/runs/\(id)").status == 404) }
        let kept = try await front.send("GET", "/v1/runs/\(scheduled)")
        #expect(kept.status == 200 && kept.json?["status"] as? String == "scheduled", "\(kept.text)")
        let listed = try await front.send("GET", "/v1/runs?pipeline=quick")
        #expect((listed.json?["runs"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [scheduled])
    }
}
