import Foundation
import KickoffCore
import KickoffTestSupport
import RedisClient
import Testing

/// Redis high availability end to end: real `kickoff serve` and `kickoff worker` processes find the
/// primary through a real Redis Sentinel; the primary is killed under a stream of triggers.
@Suite struct SentinelFailoverTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}
    """

    struct Answer {
        var status: Int
        var runID: String?
        var at: ContinuousClock.Instant
    }

    /// A primary with two replicas: after the failover the new primary still has a replica to
    /// confirm triggers (`KICKOFF_REDIS_MIN_REPLICAS` is 1 by default with sentinels).
    @Test func aFailoverLosesNoAcceptedRunAndTheProcessesFollowItByThemselves() async throws {
        let cluster = try await SentinelFixture(replicas: 2)
        defer { cluster.stop() }
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let sentinelArguments = ["--redis-sentinels", cluster.sentinelList, "--redis-master", SentinelFixture.masterName]
        let front = try await FrontProcess(redisURL: cluster.primary.url, namespace: fixture.queue.namespace,
                                           pipelines: fixture.pipelinesFile.path, logDirectory: fixture.directory,
                                           extraArguments: sentinelArguments)
        // A lease longer than the failover, as in production (30 s against a few seconds): the run in
        // flight is recorded once Redis is back instead of being reclaimed as if its worker had died.
        // The longest replica wait (4 s, default 1 s): on a loaded test machine a replica's acknowledgement
        // can take longer than 1 s, and an end no replica confirmed before the primary dies is the gap
        // the README names (the worker's retry meets the old primary's "stale" and stops).
        let worker = try fixture.startWorker("sentinel-worker", extra: sentinelArguments + ["--lease", "10s", "--heartbeat", "1s",
                                                                                            "--redis-replica-timeout", "4s"])
        // The API key was written to the primary directly, without a WAIT: make sure the replicas have it.
        try await cluster.waitUntilReplicated(count: 2)

        var answers: [Answer] = []
        func trigger(until enough: ([Answer]) -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(90)
            while !enough(answers) {
                guard ContinuousClock.now < deadline else { throw TestSupportError("triggers: \(answers.count) answers, not enough") }
                let answer = try await front.send("POST", "/v1/pipelines/quick/runs", json: "{}")
                answers.append(Answer(status: answer.status, runID: answer.json?["id"] as? String, at: .now))
            }
        }
        try await trigger { $0.filter { $0.status == 202 }.count >= 20 }

        let oldPrimary = cluster.primary.port
        let stoppedAt = ContinuousClock.now
        cluster.primary.kill()
        async let promotedAt: ContinuousClock.Instant = {
            try await Eventually.poll("the sentinel names a new primary", deadline: .seconds(60)) {
                try await cluster.primaryPort() != oldPrimary
            }
            return ContinuousClock.now
        }()
        try await trigger { answers in answers.filter { $0.status == 202 && $0.at > stoppedAt }.count >= 20 }
        let promoted = try await promotedAt
        let named = try await cluster.currentPrimary()
        let newPrimary = try #require(named, "the sentinel names no server of the test as the primary")
        #expect(newPrimary.port != oldPrimary)
        #expect(try await SentinelFixture.role(of: newPrimary) == "master")

        let statuses = Dictionary(grouping: answers, by: \.status).mapValues(\.count)
        #expect(Set(statuses.keys).isSubset(of: [202, 503]), "\(statuses)")
        let accepted = answers.filter { $0.status == 202 }.compactMap(\.runID)
        #expect(accepted.count == answers.filter { $0.status == 202 }.count, "every 202 names its run")
        let firstAfter = try #require(answers.first { $0.status == 202 && $0.at > stoppedAt })
        // The figure the README quotes; not asserted (no timing thresholds in tests).
        print("sentinel failover: primary killed → sentinel names the new primary after \(promoted - stoppedAt)," +
              " → first 202 from the new primary after \(firstAfter.at - stoppedAt); answers \(statuses)")

        let client = RedisClient(configuration: newPrimary.configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let keys = RunKeys(namespace: fixture.queue.namespace)
        var missing: [String] = []
        for id in accepted where try await client.send(RedisCommand("EXISTS", keys.run(id))) != .integer(1) { missing.append(id) }
        #expect(missing.isEmpty, "runs answered 202 but not on the new primary: \(missing)")
        // The same worker process, never told about the failover, finishes every run.
        @Sendable func unfinished() async -> [String] {
            var left: [String] = []
            for id in accepted {
                let fields = try? await client.send(RedisCommand("HMGET", keys.run(id), "status", "attempt", "error"))
                if fields?.array?.first?.string != RunStatus.succeeded.rawValue { left.append("\(id): \(fields.map { "\($0)" } ?? "-")") }
            }
            return left
        }
        do {
            try await Eventually.poll("every accepted run succeeds", deadline: .seconds(60)) { await unfinished().isEmpty }
        } catch {
            Issue.record("\(error): \(await unfinished())\nworker log:\n\(worker.output.suffix(3000))")
        }
        #expect(front.process.isRunning && worker.isRunning)
    }
}
