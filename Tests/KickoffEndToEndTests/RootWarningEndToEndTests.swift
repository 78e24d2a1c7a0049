import Foundation
import KickoffTestSupport
import Testing

/// `kickoff serve` (like worker, pool and dev) run as root says so loudly at start, and not otherwise.
@Suite struct RootWarningEndToEndTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit]}
    """

    /// Starts `kickoff serve` (under `wrapper`), waits until it answers, and returns its output.
    static func serveOutput(_ fixture: WorkerFixture, wrapper: [String]) async throws -> String {
        let port = try FreePort.find()
        let serve = try KickoffProcess(["serve", "--redis-url", fixture.redisURL, "--namespace", fixture.queue.namespace,
                                        "--pipelines", fixture.pipelinesFile.path, "--port", String(port)],
                                       logDirectory: fixture.directory, wrapper: wrapper)
        defer { serve.signal(SIGKILL) }
        try await Eventually.poll("kickoff serve answers /healthz") {
            (try? await FrontProcess.request("http://127.0.0.1:\(port)/healthz", method: "GET", key: nil, body: nil).status) == 200
        }
        return serve.output
    }

    @Test func runningAsRootIsWarnedAboutAtStart() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let output = try await Self.serveOutput(fixture, wrapper: [])
        if getuid() == 0 {
            #expect(output.contains("RUNNING AS ROOT: kickoff serve runs as root"), "\(output)")
            // The same as nobody: no warning.
            let unprivileged = try await Self.serveOutput(fixture, wrapper: [try Executable.find("setpriv").path, "--reuid=65534",
                                                                             "--regid=65534", "--clear-groups"])
            #expect(!unprivileged.contains("RUNNING AS ROOT"), "\(unprivileged)")
        } else {
            #expect(!output.contains("RUNNING AS ROOT"), "\(output)")
        }
    }
}
