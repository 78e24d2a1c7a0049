import Foundation
import FoundationNetworking
import KickoffModel
import KickoffTestSupport
#if canImport(FoundationNetworking)
#endif

/// A real `kickoff serve` on a free port and a real `kickoff worker`, over a `WorkerFixture`'s
/// pipeline file and queue namespace, with an API key: what the client commands talk to.
final class ClientFixture: @unchecked Sendable {
    // @unchecked: the processes are started in init (and by `restartFront`, from the test's one task),
    // and otherwise only read, signalled and awaited.
    let workers: WorkerFixture
    private(set) var front: KickoffProcess
    let port: Int
    let url: String
    let key: String

    init(pipelines yaml: String, worker: Bool = true) async throws {
        workers = try await WorkerFixture(pipelines: yaml)
        port = try FreePort.find()
        url = "http://127.0.0.1:\(port)"
        front = try Self.startFront(workers, port: port)
        try await Self.waitUntilHealthy(front, url: url)
        let created = try await KickoffProcess.run(["keys", "create", "client-tests", "--scopes", "trigger,read",
                                                    "--redis-url", workers.redisURL, "--namespace", workers.queue.namespace])
        // stdout and stderr share the log: the key is the line with the key prefix.
        guard created.status == 0, let key = created.output.split(separator: "\n").first(where: { $0.hasPrefix(APIKeyMaterial.prefix) }) else {
            throw TestSupportError("kickoff keys create failed (\(created.status)):\n\(created.output)")
        }
        self.key = String(key)
        if worker { try workers.startWorker("client-w1") }
    }

    private static func startFront(_ workers: WorkerFixture, port: Int) throws -> KickoffProcess {
        try KickoffProcess(["serve", "--redis-url", workers.redisURL, "--namespace", workers.queue.namespace,
                            "--pipelines", workers.pipelinesFile.path, "--port", "\(port)"],
                           logDirectory: workers.directory)
    }

    private static func waitUntilHealthy(_ front: KickoffProcess, url: String) async throws {
        let healthURL = try nonNil(URL(string: url + "/healthz"), "the health URL")
        try await Eventually.poll("kickoff serve answers /healthz", deadline: .seconds(30), every: .milliseconds(50)) {
            guard front.isRunning else { throw TestSupportError("kickoff serve exited:\n\(front.output)") }
            guard let (_, response) = try? await URLSession.shared.data(from: healthURL) else { return false }
            return (response as? HTTPURLResponse)?.statusCode == 200
        }
    }

    /// Kills the front (every open event stream drops with it) and starts a new one on the same port.
    func restartFront() async throws {
        front.signal(SIGKILL)
        _ = try await front.waitForExit()
        front = try Self.startFront(workers, port: port)
        try await Self.waitUntilHealthy(front, url: url)
    }

    deinit {
        if front.isRunning { front.signal(SIGKILL) }
    }

    /// The client's environment: this front and this key.
    var environment: [String: String] {
        ["KICKOFF_URL": url, "KICKOFF_API_KEY": key]
    }

    /// Runs `kickoff ARGUMENTS…` against this front; returns its exit status and output (stdout and stderr).
    func kickoff(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await KickoffProcess.run(arguments, environment: environment.merging(extra) { _, new in new })
    }

    /// The processes' logs, for a failing expectation's message.
    func logs() -> String {
        "--- serve\n\(front.output)\n\(workers.workerLogs())"
    }
}

/// Unwraps outside a test body, where `#require` is not available, as a thrown error.
func nonNil<Value>(_ value: Value?, _ what: String = "a value") throws -> Value {
    guard let value else { throw TestSupportError("expected \(what), got nil") }
    return value
}
