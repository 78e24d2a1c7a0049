import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Redis high availability end to end: real `kickoff serve` and `kickoff worker` processes find the
/// primary through a real Redis Sentinel; the primary is killed under a stream of triggers, or after
/// a run's end that no replica confirmed.
/// Serialized: each test starts three or four servers and Kickoff processes, too many at once on a busy machine.
@Suite(.serialized) struct SentinelFailoverTests {
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
        // can take longer than 1 s, and every wait that times out costs the worker another round.
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
        try await cluster.primary.crash()
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
        let keys = StoreKeys(namespace: fixture.queue.namespace)
        var missing: [String] = []
        // Its hash, or its packed form once finished.
        for id in accepted where try await client.send(RedisCommand("EXISTS", keys.run(id), keys.done(id))) != .integer(1) { missing.append(id) }
        #expect(missing.isEmpty, "runs answered 202 but not on the new primary: \(missing)")
        // The same worker process, never told about the failover, finishes every run.
        let onNewPrimary = fixture.queue.on(newPrimary.configuration)
        @Sendable func unfinished() async -> [String] {
            var left: [String] = []
            for id in accepted {
                let fields = try? await onNewPrimary.runFields(id)
                if fields?["status"] != RunStatus.succeeded.rawValue {
                    left.append("\(id): \(fields.map { "\($0["status"] ?? "-") \($0["attempt"] ?? "-") \($0["error"] ?? "-")" } ?? "-")")
                }
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

    static let counted = """
    pipelines:
      counted:
        env: {SHARED: "$SHARED"}
        steps:
          only: {run: [python3, step.py, count], parameters: {n: {type: integer, default: 7}}}
    """

    /// The worker records a run's end on the primary, but no replica confirms it: the only replica is
    /// frozen and cut off. Then the primary dies and the replica, which still has the run `running`
    /// with the worker's token, is promoted. The worker keeps the run's lease alive there and records
    /// the end again: the run succeeds once, with its outputs and one final event, and is not run again.
    /// (Before, the worker took the old primary's refusal of its repeat as done: the run's lease ran
    /// out on the new primary and it failed.)
    @Test func anEndNoReplicaConfirmedIsRecordedAgainOnThePromotedReplica() async throws {
        let cluster = try await SentinelFixture(replicas: 1)
        defer { cluster.stop() }
        let replica = cluster.replicas[0]
        let fixture = try await WorkerFixture(pipelines: Self.counted, redis: cluster.primary.configuration)
        let sentinelArguments = ["--redis-sentinels", cluster.sentinelList, "--redis-master", SentinelFixture.masterName]
        let run = try await fixture.enqueue("counted")
        let worker = try fixture.startWorker("unconfirmed-end", extra: sentinelArguments + ["--lease", "10s", "--heartbeat", "1s",
                                                                                           "--redis-replica-timeout", "500ms"])
        let executions = fixture.shared.appendingPathComponent("\(run.id).executions")
        try await Eventually.poll("the step runs") { FileManager.default.fileExists(atPath: executions.path) }
        // The replica has the claim: the run `running`, with the worker's token.
        try await cluster.waitUntilReplicated(count: 1)

        // Frozen, and its link dropped by the primary: nothing written from now on reaches it, not even
        // through socket buffers it would read when it wakes up.
        replica.pause()
        let dropped = try await SentinelFixture.command(port: cluster.primary.port, RedisCommand("CLIENT", "KILL", "TYPE", "replica"))
        #expect(dropped == .integer(1))
        try Data().write(to: fixture.shared.appendingPathComponent("go"))
        // Twice: the worker sent its end again to the same primary (which has it) and still waits for a replica.
        try await Eventually.poll("the worker sends its unconfirmed end again, and again no replica confirms it") {
            worker.output.components(separatedBy: "replicas required in time").count > 2
        }
        // Finished there: packed (PackedRun).
        let onOldPrimary = try await SentinelFixture.command(port: cluster.primary.port, RedisCommand("GET", fixture.queue.keys.done(run.id)))
        #expect(onOldPrimary.bytes.flatMap { PackedRun(bytes: $0, runID: run.id) }?.fields["status"] == "succeeded")

        try await cluster.primary.crash()
        replica.resume()
        let onReplica = try await SentinelFixture.command(port: replica.port, RedisCommand("HGET", fixture.queue.keys.run(run.id), "status"))
        #expect(onReplica == .bulk(Array("running".utf8)), "the replica must lack the end for this test")
        try await Eventually.poll("the sentinel promotes the replica", deadline: .seconds(60)) { try await cluster.primaryPort() == replica.port }

        let queue = fixture.queue.on(replica.configuration)
        do {
            // Without the fix the lease (10 s) runs out on the new primary first, and the run fails.
            try await Eventually.poll("the run ends on the new primary", deadline: .seconds(60)) {
                try await queue.blocking { try $0.run(id: run.id) }?.status.isFinal == true
            }
        } catch {
            Issue.record("\(error)\nworker log:\n\(worker.output.suffix(3000))")
            return
        }
        let record = try #require(try await queue.blocking { try $0.run(id: run.id) })
        #expect(record.status == .succeeded, "\(record.error.map { "\($0)" } ?? "")\nworker log:\n\(worker.output.suffix(3000))")
        #expect(record.attempt == 1)
        #expect(record.outputs == .object(["attempt": .integer(1), "value": .integer(7)]))
        let finals = try await queue.eventTypes(run.id).filter { ["run.succeeded", "run.failed", "run.canceled"].contains($0) }
        #expect(finals == ["run.succeeded"])
        #expect(try String(contentsOf: executions, encoding: .utf8) == "1\n", "the step ran once")
        #expect(worker.isRunning)
    }
}
