import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient

/// A pipeline file and its step script in a temporary directory, a queue namespace of its own on the
/// test Redis, and real `kickoff worker` processes started against them.
final class WorkerFixture: @unchecked Sendable {
    // @unchecked: `workers` is only touched by the test that owns the fixture.
    let directory: URL
    let shared: URL
    let pipelinesFile: URL
    let queue: QueueFixture
    private var workers: [KickoffProcess] = []

    /// - Parameter redis: another Redis than the shared test one (a private server with a password, an ACL user).
    /// - Parameters partitions, namespace: as `QueueFixture`'s (the processes must be given the same).
    init(pipelines yaml: String, redis: RedisConfiguration? = nil, partitions: Int = 1, namespace: String? = nil) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kickoff-e2e-\(UUID().uuidString.prefix(8))")
        shared = directory.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try StepScript.source.write(to: directory.appendingPathComponent("step.py"), atomically: true, encoding: .utf8)
        pipelinesFile = directory.appendingPathComponent("pipelines.yaml")
        // The interpreter itself, not a wrapper on PATH (pyenv's shim would add its own variables).
        let python = try await Self.python.value
        let text = yaml.replacingOccurrences(of: "$SHARED", with: shared.path).replacingOccurrences(of: "[python3,", with: "[\(python),")
        try text.write(to: pipelinesFile, atomically: true, encoding: .utf8)
        queue = try await QueueFixture(configuration: redis, partitions: partitions, namespace: namespace)
    }

    /// The interpreter's path, asked once per test process, on a thread of its own (it starts python3
    /// and waits for it: never on a cooperative thread).
    private static let python = Task<String, any Error> { try await onOwnThread { try WorkerFixture.askPython() } }

    private static func askPython() throws -> String {
        let process = Process()
        process.executableURL = try Executable.find("python3")
        process.arguments = ["-c", "import sys; print(sys.executable)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        for worker in workers where worker.isRunning { worker.signal(SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    var redisURL: String {
        let configuration = queue.configuration
        // Test credentials are URL-safe: no percent-encoding needed.
        let credentials = configuration.password.map { "\(configuration.username ?? ""):\($0)@" } ?? ""
        return "redis://\(credentials)\(configuration.host):\(configuration.port)/\(configuration.database)"
    }

    /// The options every test worker gets: short leases so that recovery happens within the test (4 s, not
    /// 1 s: with ~100 processes of the suite on two cores a lease keeper's round trips can take more than a
    /// second, and the fencing at three quarters of a short lease stopped healthy runs).
    func workerArguments(command: String = "worker", name: String?, extra: [String] = []) -> [String] {
        [command, "--redis-url", redisURL, "--namespace", queue.namespace, "--pipelines", pipelinesFile.path,
         "--lease", "4s", "--heartbeat", "200ms", "--kill-grace", "1s",
         "--data-dir", directory.appendingPathComponent("data").path] + (name.map { ["--name", $0] } ?? []) + extra
    }

    /// `kickoff pool --workers N`; its workers keep their default names (`host/pid`).
    func startPool(workers: Int, extra: [String] = [], environment: [String: String] = [:]) throws -> KickoffProcess {
        let pool = try KickoffProcess(workerArguments(command: "pool", name: nil, extra: ["--workers", "\(workers)"] + extra),
                                      environment: environment, logDirectory: directory)
        self.workers.append(pool)
        return pool
    }

    @discardableResult
    func startWorker(_ name: String, extra: [String] = [], environment: [String: String] = [:], wrapper: [String] = []) throws -> KickoffProcess {
        let worker = try KickoffProcess(workerArguments(name: name, extra: extra), environment: environment, logDirectory: directory,
                                        wrapper: wrapper)
        workers.append(worker)
        return worker
    }

    func pipeline(_ name: String) throws -> Pipeline {
        let file = try PipelineFileLoader.load(path: pipelinesFile.path)
        guard let pipeline = file.pipeline(named: name) else { throw TestSupportError("no pipeline \(name)") }
        return pipeline
    }

    /// Enqueues a run of `pipeline` with the trigger's values resolved as the front would.
    func enqueue(_ pipeline: String, _ values: TriggerValues = TriggerValues()) async throws -> NewRun {
        let pipeline = try self.pipeline(pipeline)
        let parameters = try pipeline.resolve(values).get()
        let run = NewRun(pipeline: pipeline, parameters: parameters)
        try await queue.blocking { try $0.enqueue(run) }
        return run
    }

    func record(_ id: String) async throws -> RunRecord? {
        try await queue.blocking { try $0.run(id: id) }
    }

    /// Polls until the run reaches a final state; returns it.
    func waitUntilFinished(_ id: String, deadline: Duration = .seconds(60)) async throws -> RunRecord {
        try await Eventually.poll("run \(id) finishes", deadline: deadline) {
            try await self.record(id)?.status.isFinal == true
        }
        guard let record = try await record(id) else { throw TestSupportError("run \(id) vanished") }
        return record
    }

    func workerLogs() -> String {
        workers.map { "--- \($0.process.arguments?.joined(separator: " ") ?? "")\n\($0.output)" }.joined(separator: "\n")
    }
}
