import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The client commands (`trigger`, `runs`, `pipelines list --remote`) as real `kickoff` processes
/// against a real `kickoff serve` and `kickoff worker` on the test Redis. Serialized: each test starts
/// a front and a worker of its own, and six of those at once would crowd the other suites' timed steps
/// on a two-core machine.
@Suite(.serialized) struct ClientCommandTests {
    static let pipelines = """
    pipelines:
      training:
        env: {SHARED: "$SHARED"}
        outputs: train_model
        steps:
          load_data:
            run: [python3, step.py, emit]
            parameters: {n: {type: integer, default: 1}}
          train_model:
            run: [python3, step.py, emit]
            after: [load_data]
            parameters:
              model_type: {type: string, enum: [random_forest, gradient_boosting], default: random_forest}
        presets:
          big: {load_data: {n: 100}}
      broken:
        env: {SHARED: "$SHARED"}
        steps:
          prepare: {run: [python3, step.py, emit]}
          explode: {run: [python3, step.py, fail], after: [prepare]}
      slow:
        env: {SHARED: "$SHARED"}
        steps:
          hold: {run: [python3, step.py, block]}
    """

    @Test func triggerWaitShowsEachStepThenTheOutputs() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines)
        let result = try await fixture.kickoff(["trigger", "training", "-p", "load_data.n=5", "-p", "model_type=gradient_boosting",
                                                "--tag", "cli", "--wait"])
        #expect(result.status == 0, "\(result.output)\n\(fixture.logs())")
        let lines = result.output.split(separator: "\n").map(String.init)
        let id = try #require(lines.first)
        #expect(RunID.isValid(id), "\(result.output)")
        // Not a terminal: each step's start and end is a plain line, in run order, the end with its elapsed time.
        let stepLines = lines.map(Self.words).filter { ["load_data", "train_model"].contains($0.first) }
        #expect(stepLines.map { Array($0.prefix(2)) } == [["load_data", "started"], ["load_data", "succeeded"],
                                                          ["train_model", "started"], ["train_model", "succeeded"]], "\(result.output)")
        #expect(stepLines.filter { $0.count == 3 }.allSatisfy { $0[2].hasSuffix("s") && $0[2].first?.isNumber == true })
        let final = try Self.finalJSON(result.output)
        #expect(final["run_id"] == .string(id))
        #expect(final["status"] == .string("succeeded"))
        // load_data got n = 5; train_model (n 0) adds its input's value: the run's outputs are train_model's.
        #expect(final["outputs"]?.objectValue?["value"] == .integer(5))

        let preset = try await fixture.kickoff(["trigger", "training", "--preset", "big", "--wait"])
        #expect(preset.status == 0, "\(preset.output)")
        #expect(try Self.finalJSON(preset.output)["outputs"]?.objectValue?["value"] == .integer(100))
    }

    @Test func runsListShowAndLogsReadAFinishedRun() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines)
        let triggered = try await fixture.kickoff(["trigger", "training", "-p", "model_type=gradient_boosting", "--tag", "cli", "--wait"])
        #expect(triggered.status == 0, "\(triggered.output)\n\(fixture.logs())")
        let id = try #require(triggered.output.split(separator: "\n").first.map(String.init))

        let show = try await fixture.kickoff(["runs", "show", id])
        #expect(show.status == 0, "\(show.output)")
        let run = try JSONDecoder().decode(JSONValue.self, from: Data(show.output.utf8)).objectValue ?? [:]
        #expect(run["id"] == .string(id))
        #expect(run["status"] == .string("succeeded"))
        #expect(run["tags"] == .array([.string("cli")]))
        #expect(run["parameters"]?.objectValue?["train_model"]?.objectValue?["model_type"] == .string("gradient_boosting"))

        let summary = try await fixture.kickoff(["runs", "show", id, "--summary"])
        #expect(summary.status == 0)
        #expect(summary.output.contains("status    succeeded") && summary.output.contains("train_model"), "\(summary.output)")

        let list = try await fixture.kickoff(["runs", "list", "--pipeline", "training"])
        #expect(list.status == 0, "\(list.output)")
        let rows = list.output.split(separator: "\n").map { Self.words(String($0)) }
        #expect(rows.first == ["ID", "PIPELINE", "STATUS", "CREATED", "DURATION"])
        #expect(rows.contains { $0.count == 5 && $0[0] == id && $0[1] == "training" && $0[2] == "succeeded" }, "\(list.output)")
        let failedOnly = try await fixture.kickoff(["runs", "list", "--status", "failed", "--limit", "5"])
        #expect(failedOnly.status == 0 && !failedOnly.output.contains(id), "\(failedOnly.output)")

        let logs = try await fixture.kickoff(["runs", "logs", id])
        #expect(logs.status == 0)
        #expect(logs.output.contains("==> load_data <==") && logs.output.contains("stdout of load_data")
            && logs.output.contains("stderr of train_model"), "\(logs.output)")
        let stepLogs = try await fixture.kickoff(["runs", "logs", id, "--step", "train_model"])
        #expect(stepLogs.output.contains("stdout of train_model") && !stepLogs.output.contains("load_data"), "\(stepLogs.output)")
        // Following a run that has ended prints every step's logs and returns.
        let followed = try await fixture.kickoff(["runs", "logs", id, "--follow"])
        #expect(followed.status == 0)
        #expect(followed.output.contains("==> load_data (succeeded) <==") && followed.output.contains("stdout of train_model"),
                "\(followed.output)")

        let remote = try await fixture.kickoff(["pipelines", "list", "--remote"])
        #expect(remote.status == 0, "\(remote.output)")
        #expect(remote.output.contains("training") && remote.output.contains("model_type: string = \"random_forest\""), "\(remote.output)")

        // UUIDs are case-insensitive: an upper-case id is the same run.
        let upper = try await fixture.kickoff(["runs", "show", id.uppercased(), "--summary"])
        #expect(upper.status == 0 && upper.output.contains(id), "\(upper.output)")
    }

    @Test func runsListsNextPageCommandKeepsTheFiltersAndWorksAsPrinted() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines)
        var training: [String] = []
        for _ in 0..<2 {
            let triggered = try await fixture.kickoff(["trigger", "training", "--wait"])
            #expect(triggered.status == 0, "\(triggered.output)\n\(fixture.logs())")
            training.append(try #require(triggered.output.split(separator: "\n").first.map(String.init)))
        }
        // The newest run is another pipeline's: a next page without the filter would start with it.
        let broken = try await fixture.kickoff(["trigger", "broken", "--wait"])
        let brokenID = try #require(broken.output.split(separator: "\n").first.map(String.init))

        let first = try await fixture.kickoff(["runs", "list", "--pipeline", "training", "--status", "succeeded", "--limit", "1"])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains(training[1]) && !first.output.contains(training[0]), "\(first.output)")
        let more = try #require(first.output.split(separator: "\n").first { $0.hasPrefix("more runs: ") }, "\(first.output)")
        let command = String(more.dropFirst("more runs: ".count))
        #expect(command.hasPrefix("kickoff runs list --pipeline training --status succeeded --limit 1 --cursor "), "\(command)")

        let second = try await Self.runAsPrinted(command, fixture)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains(training[0]), "\(second.output)")
        #expect(!second.output.contains(brokenID) && !second.output.contains(training[1]), "\(second.output)")
    }

    @Test func deadLettersPagePrintsTheNextPageAndSayConnectionRefused() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        // Nothing listens there: every attempt is refused; two attempts, then a dead letter.
        let closed = "http://127.0.0.1:\(try FreePort.find())/hook"
        try fixture.startWorker("dead-letters", environment: [WebhookSettings.allowVariable: "127.0.0.1/32",
                                                              WebhookSettings.retryScheduleVariable: "50ms"])
        let pipeline = try fixture.pipeline("broken")
        for _ in 0..<3 {
            let run = NewRun(pipeline: pipeline, parameters: try pipeline.resolve(TriggerValues()).get(), callbackURL: closed)
            try await fixture.queue.blocking { try $0.enqueue(run) }
        }
        let client = RedisClient(configuration: fixture.queue.configuration, connectionCount: 1)
        let store = WebhookStore(client: client, operations: fixture.queue.operations)
        try await Eventually.poll("three dead letters", deadline: .seconds(60)) {
            try await store.deadLetters(limit: 10).deliveries.count == 3
        }
        await client.shutdown()

        let environment = [EnvironmentVariable.redisURL: fixture.redisURL]
        let first = try await KickoffProcess.run(["webhooks", "dead-letters", "--namespace", fixture.queue.namespace, "--limit", "2"],
                                                 environment: environment)
        #expect(first.status == 0, "\(first.output)")
        let rows = first.output.split(separator: "\n").filter { $0.contains("_callback") && !$0.hasPrefix("more") }
        #expect(rows.count == 2, "\(first.output)")
        #expect(rows.allSatisfy { $0.hasSuffix("connection refused (gave up after 2 attempts)") }, "\(first.output)")
        let more = try #require(first.output.split(separator: "\n").first { $0.hasPrefix("more dead letters: ") }, "\(first.output)")
        let command = String(more.dropFirst("more dead letters: ".count))
        #expect(command.hasPrefix("kickoff webhooks dead-letters --namespace \(fixture.queue.namespace) --limit 2 --cursor "), "\(command)")

        let process = try KickoffProcess([command], environment: environment, logDirectory: fixture.directory,
                                         wrapper: ["/bin/sh", "-c", #"kickoff() { "$0" "$@"; }; eval "$1""#])
        #expect(try await process.waitForExit() == 0, "\(process.output)")
        let rest = process.output.split(separator: "\n").filter { $0.contains("_callback") && !$0.hasPrefix("more") }
        #expect(rest.count == 1 && !rows.contains(rest[0]), "\(process.output)")
        #expect(!process.output.contains("more dead letters"), "\(process.output)")
    }

    @Test func keysAndWebhooksWithoutRedisNameRedisURL() async throws {
        let port = try FreePort.find()
        for arguments in [["keys", "list"], ["webhooks", "dead-letters"]] {
            let result = try await KickoffProcess.run(arguments + ["--redis-url", "redis://127.0.0.1:\(port)/0"])
            #expect(result.status == 1, "\(result.output)")
            let lines = result.output.split(separator: "\n").map(String.init)
            #expect(lines.first == "kickoff: cannot reach Redis at redis://127.0.0.1:\(port)/0 (connection refused)", "\(result.output)")
            #expect(result.output.contains("talk to Redis directly") && result.output.contains("--redis-url or KICKOFF_REDIS_URL"),
                    "\(result.output)")
        }
    }

    @Test func versionPrintsTheOneVersion() async throws {
        let result = try await KickoffProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.output == KickoffVersion.current + "\n", "\(result.output)")
    }

    /// Runs a command line the client printed through a real shell, `kickoff` being this build's binary.
    static func runAsPrinted(_ line: String, _ fixture: ClientFixture) async throws -> (status: Int32, output: String) {
        let process = try KickoffProcess([line], environment: fixture.environment, logDirectory: fixture.workers.directory,
                                         wrapper: ["/bin/sh", "-c", #"kickoff() { "$0" "$@"; }; eval "$1""#])
        let status = try await process.waitForExit()
        return (status, process.output)
    }

    @Test func aFailingRunMakesTriggerWaitExitOne() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines)
        let result = try await fixture.kickoff(["trigger", "broken", "--wait"])
        #expect(result.status == 1, "\(result.output)\n\(fixture.logs())")
        let lines = result.output.split(separator: "\n").map { Self.words(String($0)) }
        #expect(lines.contains { $0.starts(with: ["prepare", "succeeded"]) }, "\(result.output)")
        #expect(lines.contains { $0.starts(with: ["explode", "failed"]) }, "\(result.output)")
        let final = try Self.finalJSON(result.output)
        #expect(final["status"] == .string("failed"))
        #expect(final["error"]?.objectValue?["step"] == .string("explode"))

        let id = try #require(result.output.split(separator: "\n").first.map(String.init))
        let logs = try await fixture.kickoff(["runs", "logs", id, "--step", "explode"])
        #expect(logs.output.contains("boom on attempt 1"), "\(logs.output)")
    }

    @Test func cancelStopsARunningRunAndTriggerWaitExitsTwo() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines)
        let waiting = try KickoffProcess(["trigger", "slow", "--wait"], environment: fixture.environment, logDirectory: fixture.workers.directory)
        try await Eventually.poll("trigger prints the run id", deadline: .seconds(30)) {
            waiting.output.split(separator: "\n").first.map { RunID.isValid(String($0)) } ?? false
        }
        let id = try #require(waiting.output.split(separator: "\n").first.map(String.init))
        let follower = try KickoffProcess(["runs", "logs", id, "--follow"], environment: fixture.environment,
                                          logDirectory: fixture.workers.directory)
        let workers = fixture.workers
        try await Eventually.poll("run \(id) is running", deadline: .seconds(30)) {
            try await workers.record(id)?.status == .running
        }

        let cancel = try await fixture.kickoff(["runs", "cancel", id])
        #expect(cancel.status == 0, "\(cancel.output)")
        #expect(cancel.output.contains(id))
        #expect(try await waiting.waitForExit() == 2, "\(waiting.output)\n\(fixture.logs())")
        #expect(try Self.finalJSON(waiting.output)["status"] == .string("canceled"))
        #expect(try await follower.waitForExit() == 0, "\(follower.output)")

        // A finished run cannot be canceled: the front's 409 problem, exit 1.
        let again = try await fixture.kickoff(["runs", "cancel", id])
        #expect(again.status == 1)
        #expect(again.output.contains("kickoff: 409 Conflict: run \(id) has already finished"), "\(again.output)")
    }

    @Test func triggerWaitFollowsTheRunAcrossAFrontRestart() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines)
        let waiting = try KickoffProcess(["trigger", "slow", "--wait"], environment: fixture.environment, logDirectory: fixture.workers.directory)
        try await Eventually.poll("trigger shows the step started", deadline: .seconds(30)) {
            waiting.output.split(separator: "\n").map { Self.words(String($0)) }.contains(["hold", "started"])
        }
        // The event stream drops with the front; the client reconnects to the new one after the last event it saw.
        try await fixture.restartFront()
        fixture.workers.releaseBlockingSteps()
        #expect(try await waiting.waitForExit() == 0, "\(waiting.output)\n\(fixture.logs())")
        let lines = waiting.output.split(separator: "\n").map { Array(Self.words(String($0)).prefix(2)) }
        #expect(lines.filter { $0.first == "hold" } == [["hold", "started"], ["hold", "succeeded"]], "\(waiting.output)")
        #expect(try Self.finalJSON(waiting.output)["status"] == .string("succeeded"))
    }

    @Test func problemsArePrintedReadablyAndExitOne() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines, worker: false)
        let bad = try await fixture.kickoff(["trigger", "training", "-p", "model_type=linear", "-p", "load_data.n=many"])
        #expect(bad.status == 1)
        let lines = bad.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("kickoff: 422 Unprocessable Content: ") == true, "\(bad.output)")
        // One indented `field: message` line per bad field.
        let fields = lines.dropFirst().filter { $0.hasPrefix("  ") }
        #expect(fields.count == 2, "\(bad.output)")
        #expect(fields.contains { $0.contains("model_type") && $0.contains("linear") }, "\(bad.output)")
        #expect(fields.contains { $0.contains("load_data") && $0.contains("n") }, "\(bad.output)")

        let wrongKey = try await fixture.kickoff(["runs", "list"], environment: ["KICKOFF_API_KEY": "kk_not-a-key"])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.output.hasPrefix("kickoff: 401 Unauthorized"), "\(wrongKey.output)")

        let unknown = try await fixture.kickoff(["trigger", "no_such_pipeline"])
        #expect(unknown.status == 1)
        #expect(unknown.output.hasPrefix("kickoff: 404 Not Found"), "\(unknown.output)")

        let port = try FreePort.find()
        let nobody = try await fixture.kickoff(["runs", "list"], environment: ["KICKOFF_URL": "http://127.0.0.1:\(port)"])
        #expect(nobody.status == 1)
        #expect(nobody.output.hasPrefix("kickoff: cannot reach the front at http://127.0.0.1:\(port) (connection refused)"), "\(nobody.output)")
        #expect(nobody.output.split(separator: "\n").count == 1, "\(nobody.output)")

        let malformed = try await fixture.kickoff(["trigger", "training", "-p", "no-equals-sign"])
        #expect(malformed.status != 0)
        #expect(malformed.output.contains("-p no-equals-sign: expected name=value"), "\(malformed.output)")
    }

    /// A line's words, split on runs of spaces.
    static func words(_ line: String) -> [String] {
        line.split(separator: " ").map(String.init)
    }

    /// The JSON object `trigger --wait` prints last: from the line that is `{` to the end.
    static func finalJSON(_ output: String) throws -> [String: JSONValue] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.lastIndex(of: "{") else { throw TestSupportError("no JSON object in:\n\(output)") }
        let text = lines[start...].joined(separator: "\n")
        guard let object = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).objectValue else {
            throw TestSupportError("not a JSON object:\n\(text)")
        }
        return object
    }
}
