import Foundation
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Real `kickoff serve` and `kickoff worker` processes against a real Redis, over HTTP.
@Suite struct LiveFrontTests {
    static let pipelines = """
    pipelines:
      slow:
        env: {SHARED: "$SHARED"}
        outputs: finish
        steps:
          wait: {run: [python3, step.py, block]}
          finish: {run: [python3, step.py, emit], after: [wait], parameters: {n: {type: integer, default: 7}}}
      quick:
        steps:
          only: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}
    """

    @Test func triggersAreAcceptedAtOnceAndRunsCanBeFollowedToTheEnd() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront()
        try fixture.startWorker("w1")
        let accepted = try await front.send("POST", "/v1/pipelines/slow/runs", json: #"{"tags":["live"]}"#)
        #expect(accepted.status == 202, "\(accepted.text)")
        let id = try #require(accepted.json?["id"] as? String)
        #expect(accepted.headers["location"] == "/v1/runs/\(id)")
        #expect(accepted.json?["status"] as? String == "queued")

        try await fixture.waitForBlockingStep(id)
        let running = try await front.send("GET", "/v1/runs/\(id)")
        #expect(running.json?["status"] as? String == "running")
        #expect((running.json?["steps"] as? [[String: Any]])?.first?["status"] as? String == "running")

        // The only worker is busy with the slow step, yet the next trigger is answered at once.
        let second = try await front.send("POST", "/v1/pipelines/quick/runs", json: "{}")
        #expect(second.status == 202)
        #expect(second.json?["status"] as? String == "queued")

        fixture.releaseBlockingSteps()
        try await Eventually.poll("the run succeeds") {
            try await front.send("GET", "/v1/runs/\(id)").json?["status"] as? String == "succeeded"
        }
        let done = try await front.send("GET", "/v1/runs/\(id)")
        #expect((done.json?["outputs"] as? [String: Any])?["value"] as? Int == 7)
        #expect((done.json?["steps"] as? [[String: Any]])?.map { $0["status"] as? String } == ["succeeded", "succeeded"])

        // A late SSE client gets every transition, then the stream closes.
        let events = try await front.send("GET", "/v1/runs/\(id)/events")
        #expect(events.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        let types = events.text.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
        #expect(types == ["run.queued", "run.running", "step.started", "step.succeeded", "step.started", "step.succeeded", "run.succeeded"], "\(fixture.workerLogs().suffix(4000))")

        let logs = try await front.send("GET", "/v1/runs/\(id)/logs?step=finish")
        #expect(logs.text.contains("stdout of finish"))
    }

    @Test func invokeReturnsTheOutputsAndIdempotentRetriesReturnTheSameRun() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront()
        try fixture.startWorker("w1")
        let invoked = try await front.send("POST", "/v1/pipelines/quick/invoke?timeout=60", json: #"{"parameters":{"n":41}}"#)
        #expect(invoked.status == 200, "\(invoked.text)")
        #expect(invoked.json?["success"] as? Bool == true)
        #expect((invoked.json?["outputs"] as? [String: Any])?["value"] as? Int == 41)

        let body = #"{"parameters":{"n":2}}"#
        let first = try await front.send("POST", "/v1/pipelines/quick/runs", json: body, headers: ["Idempotency-Key": "order-17"])
        let again = try await front.send("POST", "/v1/pipelines/quick/runs", json: body, headers: ["Idempotency-Key": "order-17"])
        #expect(first.status == 202)
        #expect(again.status == 200)
        #expect(again.json?["id"] as? String == first.json?["id"] as? String)
    }

    @Test func cancelStopsTheRunningStep() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront()
        try fixture.startWorker("w1")
        let accepted = try await front.send("POST", "/v1/pipelines/slow/runs", json: "{}")
        let id = try #require(accepted.json?["id"] as? String)
        let step = try await fixture.waitForBlockingStep(id)
        let canceled = try await front.send("POST", "/v1/runs/\(id)/cancel")
        #expect(canceled.status == 202)
        try await Eventually.poll("the run is canceled") {
            try await front.send("GET", "/v1/runs/\(id)").json?["status"] as? String == "canceled"
        }
        try await Eventually.poll("the step process is gone") { ProcessLiveness.isGone(step) }
        #expect(try await front.send("POST", "/v1/runs/\(id)/cancel").status == 409)
    }

    /// Redis goes away under a stream of triggers: the front answers only 202 (for stored runs) or
    /// 503 with Retry-After, recovers by itself, and every 202'd run exists afterwards.
    @Test func killingRedisUnderTriggersLosesNoAcceptedRun() async throws {
        // AOF with fsync on every write: what Redis acknowledged survives its own SIGKILL.
        let redis = try RedisServerProcess(extraArguments: ["--appendonly", "yes", "--appendfsync", "always"])
        try await redis.start()
        defer { redis.kill() }
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await FrontProcess(redisURL: redis.url, namespace: fixture.queue.namespace,
                                           pipelines: fixture.pipelinesFile.path, logDirectory: fixture.directory)
        var accepted: [String] = []
        var statuses: [Int: Int] = [:]
        var retryAfterMissing = 0
        func fire(_ count: Int) async throws {
            for _ in 0..<count {
                let answer = try await front.send("POST", "/v1/pipelines/quick/runs", json: "{}")
                statuses[answer.status, default: 0] += 1
                if answer.status == 202, let id = answer.json?["id"] as? String { accepted.append(id) }
                if answer.status == 503, answer.headers["retry-after"] == nil { retryAfterMissing += 1 }
            }
        }
        try await fire(30)
        try await redis.crash()
        try await fire(30)
        try await redis.start()
        try await Eventually.poll("the front stores runs again") {
            (try? await front.send("POST", "/v1/pipelines/quick/runs", json: "{}").status) == 202
        }
        try await fire(30)
        #expect(Set(statuses.keys).isSubset(of: [202, 503]), "\(statuses)")
        #expect(statuses[503, default: 0] >= 30)
        #expect(retryAfterMissing == 0)
        let client = RedisClient(configuration: redis.configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let keys = StoreKeys(namespace: fixture.queue.namespace)
        var missing: [String] = []
        // Its hash, or its packed form once finished.
        for id in accepted where try await client.send(RedisCommand("EXISTS", keys.run(id), keys.done(id))) != .integer(1) { missing.append(id) }
        #expect(accepted.count >= 60)
        #expect(missing.isEmpty, "runs answered 202 but not stored: \(missing)")
    }
}
