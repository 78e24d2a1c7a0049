import Foundation
import KickoffTestSupport
import Testing

/// `kickoff dev`: one command runs Redis, the front and workers; Ctrl-C stops every child it started.
@Suite struct DevCommandTests {
    @Test func devRunsTheWholeSystemAndStopsEveryChildOnCtrlC() async throws {
        let fixture = try await WorkerFixture(pipelines: LiveFrontTests.pipelines)
        let port = try FreePort.find()
        // The port from KICKOFF_PORT, as serve takes it. The workers' metrics port is chosen too: its
        // default, the front's + 1, may be another test's (another test's port found the same way).
        let dev = try KickoffProcess(["dev", "--pipelines", fixture.pipelinesFile.path, "--workers", "1",
                                      "--metrics-port", String(try FreePort.find())],
                                     environment: ["KICKOFF_PORT": String(port)], logDirectory: fixture.directory)
        // Redis, then the key: on a loaded machine (the whole suite beside it) this takes well over 20 s.
        try await Eventually.poll("kickoff dev prints its key", deadline: .seconds(90)) {
            if dev.output.contains("KICKOFF_API_KEY=kk_") { return true }
            guard dev.isRunning else { throw TestSupportError("kickoff dev exited:\n\(dev.output)") }
            return false
        }
        let key = try #require(dev.output.split(separator: "\n").first { $0.hasPrefix("KICKOFF_API_KEY=") }?.dropFirst("KICKOFF_API_KEY=".count))
        let base = "http://127.0.0.1:\(port)"
        try await Eventually.poll("the front is ready") {
            (try? await FrontProcess.request(base + "/readyz", method: "GET", key: nil, body: nil).status) == 200
        }
        let accepted = try await FrontProcess.request(base + "/v1/pipelines/quick/runs", method: "POST", key: String(key), body: Data("{}".utf8))
        #expect(accepted.status == 202, "\(accepted.text)")
        let id = try #require(accepted.json?["id"] as? String)
        try await Eventually.poll("the run succeeds") {
            let run = try await FrontProcess.request(base + "/v1/runs/\(id)", method: "GET", key: String(key), body: nil)
            return run.json?["status"] as? String == "succeeded"
        }

        let children = Self.children(of: dev.pid)
        #expect(children.count == 3, "redis, front and pool: \(children)")
        dev.signal(SIGINT)
        #expect(try await dev.waitForExit() == 0, "\(dev.output)")
        for child in children {
            try await Eventually.poll("child \(child) is stopped") { ProcessLiveness.isGone(child) }
        }
    }

    /// A taken port fails before anything starts: no banner, no key, no child, and the message names
    /// the port and the option that changes it.
    @Test func aTakenPortFailsBeforeTheBanner() async throws {
        let fixture = try await WorkerFixture(pipelines: LiveFrontTests.pipelines)
        let listener = try LoopbackListener()
        let dev = try KickoffProcess(["dev", "--port", String(listener.port), "--pipelines", fixture.pipelinesFile.path],
                                     logDirectory: fixture.directory)
        #expect(try await dev.waitForExit() == 1)
        #expect(dev.output.contains("cannot use port \(listener.port) on 127.0.0.1 for the front: it is in use. Choose another with --port"), "\(dev.output)")
        #expect(!dev.output.contains("KICKOFF_API_KEY"), "\(dev.output)")
        #expect(Self.children(of: dev.pid).isEmpty)
    }

    /// `serve` on a taken port names it and the option, and never says "listening" first.
    @Test func serveOnATakenPortNamesItAndNeverSaysListening() async throws {
        let fixture = try await WorkerFixture(pipelines: LiveFrontTests.pipelines)
        let listener = try LoopbackListener()
        let serve = try KickoffProcess(["serve", "--port", String(listener.port), "--pipelines", fixture.pipelinesFile.path],
                                       logDirectory: fixture.directory)
        #expect(try await serve.waitForExit() == 1)
        #expect(serve.output.contains("cannot listen on 127.0.0.1:\(listener.port): the address is in use. Choose another port with --port"), "\(serve.output)")
        #expect(!serve.output.contains("listening"), "\(serve.output)")
    }

    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }
}
