import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Real `kickoff worker` processes against the real Redis, running real step processes.
@Suite struct WorkerRunTests {
    static let chain = """
    pipelines:
      chain:
        env: {SHARED: "$SHARED", PIPELINE_LEVEL: "p"}
        inherit_env: [PATH]
        outputs: c
        steps:
          a:
            run: [python3, step.py, emit]
            parameters: {n: {type: integer, default: 1}}
          b: {run: [python3, step.py, emit], after: [a], parameters: {n: {type: integer, default: 10}}}
          c: {run: [python3, step.py, emit], after: [b], env: {STEP_LEVEL: "s"}}
    """

    @Test func stepsRunInOrderWithTheirParametersAndChainedOutputs() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.chain)
        let run = try await fixture.enqueue("chain", TriggerValues(parameters: ["n": .integer(5)]))
        try fixture.startWorker("w1")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        // a: 5, b: 5 + a's 5, c: 0 + b's 10 — each step saw its own parameters and its upstream's output.
        #expect(record.steps.map(\.status) == [.succeeded, .succeeded, .succeeded])
        #expect(record.steps.compactMap { $0.output?.objectValue?["value"] } == [.integer(5), .integer(10), .integer(10)])
        #expect(record.outputs?.objectValue?["value"] == .integer(10))
        #expect(record.steps[1].output?.objectValue?["inputs"] == .array([.string("a")]))
        let starts = record.steps.compactMap(\.startedAt), ends = record.steps.compactMap(\.finishedAt)
        // Required: a failed run has fewer, and indexing them below would crash the whole test process.
        try #require(starts.count == 3 && ends.count == 3)
        #expect(ends[0] <= starts[1] && ends[1] <= starts[2])
        // The artifact directory is shared by the run's steps.
        #expect(record.steps[2].output?.objectValue?["artifacts"] == .array([.string("a"), .string("b"), .string("c")]))
        // A clean environment: the pipeline's and step's env, inherited PATH, the KICKOFF_* variables, nothing else.
        let environment = Set((record.steps[2].output?.objectValue?["env"]?.arrayValue ?? []).compactMap(\.stringValue))
        let expected: Set<String> = ["SHARED", "PIPELINE_LEVEL", "STEP_LEVEL", "PATH", "KICKOFF_RUN_ID", "KICKOFF_STEP", "KICKOFF_ATTEMPT",
                                     "KICKOFF_PARAMETERS", "KICKOFF_INPUTS", "KICKOFF_OUTPUT", "KICKOFF_ARTIFACT_DIR"]
        // Python itself may add LC_CTYPE when coercing the C locale.
        #expect(environment.subtracting(["LC_CTYPE"]) == expected)
        #expect(record.worker == "w1")
        // stdout and stderr are the run's logs.
        let logs = try await fixture.queue.runLogs(run.id)["b"] ?? ""
        #expect(logs.contains("stdout of b") && logs.contains("stderr of b"))
    }

    @Test func twoRunsExecuteAtTheSameTimeInTwoWorkersWithoutSharingAnything() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          meet:
            env: {SHARED: "$SHARED"}
            steps:
              wait: {run: [python3, step.py, barrier]}
        """)
        // Each step waits until both have started: if the runs did not overlap, neither would finish.
        let first = try await fixture.enqueue("meet"), second = try await fixture.enqueue("meet")
        try fixture.startWorker("w1")
        try fixture.startWorker("w2")
        let records = [try await fixture.waitUntilFinished(first.id), try await fixture.waitUntilFinished(second.id)]
        #expect(records.map(\.status) == [.succeeded, .succeeded], "\(fixture.workerLogs())")
        #expect(Set(records.compactMap(\.worker)) == ["w1", "w2"])
        let outputs = records.compactMap { $0.outputs?.objectValue }
        // A failed run has no outputs: stop here rather than index past the end (which would crash the test process).
        try #require(outputs.count == 2)
        #expect(outputs[0]["artifact_dir"] != outputs[1]["artifact_dir"])
        #expect(outputs[0]["pid"] != outputs[1]["pid"])
    }

    @Test func hostileParametersArriveAsPlainData() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          echo:
            env: {SHARED: "$SHARED"}
            steps:
              say:
                run: [python3, step.py, echo, "{{value}}"]
                parameters: {value: {type: string}}
        """)
        let marker = fixture.directory.appendingPathComponent("pwned").path
        let hostile = "; rm -rf / $(touch \(marker)) `touch \(marker)` \n| touch \(marker) && echo '\"" + String(repeating: "x", count: 100_000)
        let run = try await fixture.enqueue("echo", TriggerValues(parameters: ["value": .string(hostile)]))
        try fixture.startWorker("w1")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(record.outputs?.objectValue?["argv"] == .array([.string(hostile)]))
        #expect(record.outputs?.objectValue?["param"] == .string(hostile))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}

extension WorkerRunTests {
    /// A finished run ends up stored deflated (`{ns}:done:<id>` starting with "z"), its compaction
    /// sent in front of the worker's next claim rather than as a round trip of its own, and it still
    /// reads as the same run. Two runs: the first's compaction rides on the claim of the second.
    @Test func aFinishedRunIsStoredDeflatedWithTheWorkersNextClaim() async throws {
        let fixture = try await WorkerFixture(pipelines: """
        pipelines:
          quick:
            steps:
              only: {run: [python3, step.py, emit]}
        """)
        let first = try await fixture.enqueue("quick"), second = try await fixture.enqueue("quick")
        try fixture.startWorker("w1")
        let records = [try await fixture.waitUntilFinished(first.id), try await fixture.waitUntilFinished(second.id)]
        #expect(records.map(\.status) == [.succeeded, .succeeded], "\(fixture.workerLogs())")
        let queue = fixture.queue
        for record in records {
            try await Eventually.poll("run \(record.id) stored deflated") {
                try await queue.send(RedisCommand("GET", queue.keys.done(record.id))).bytes?.first == UInt8(ascii: "z")
            }
            let reread = try #require(try await fixture.waitUntilFinished(record.id))
            #expect(reread.status == .succeeded && reread.outputs == record.outputs && reread.steps.count == 1)
        }
    }
}
