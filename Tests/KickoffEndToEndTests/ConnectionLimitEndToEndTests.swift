import Foundation
import KickoffTestSupport
import Testing

/// A real `kickoff serve` under a low open-file limit (`prlimit`) and many idle connections: it raises
/// its soft limit to the hard one, accepts no more connections than `--max-connections` (by default
/// derived from the limit), keeps the rest waiting, and goes on serving once they leave.
@Suite struct ConnectionLimitEndToEndTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit]}
    """

    /// The sockets `pid` has open (its descriptors that are sockets: clients, Redis, the listener).
    static func openSockets(_ pid: Int32) -> Int {
        let directory = "/proc/\(pid)/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\($0)"))?.hasPrefix("socket:") == true }.count
    }

    /// Idle connections, opened and held by the test.
    final class Idle: @unchecked Sendable {
        // @unchecked: opened on one thread, closed (released) on another after it returned.
        var connections: [RawConnection]
        init(_ connections: [RawConnection]) { self.connections = connections }
    }

    @Test func idleConnectionsBeyondTheCapWaitAndTheFrontServesOnAfterThem() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let port = try FreePort.find()
        // Soft 200, hard 256: raised to 256, so the default cap is (256 - 64) / 2 = 96.
        let serve = try KickoffProcess(["serve", "--redis-url", fixture.redisURL, "--namespace", fixture.queue.namespace,
                                        "--pipelines", fixture.pipelinesFile.path, "--port", String(port), "--rate-limit", "0"],
                                       logDirectory: fixture.directory, wrapper: ["/usr/bin/prlimit", "--nofile=200:256", "--"])
        defer { serve.signal(SIGKILL) }
        let base = "http://127.0.0.1:\(port)"
        try await Eventually.poll("kickoff serve answers /healthz") {
            (try? await FrontProcess.request(base + "/healthz", method: "GET", key: nil, body: nil).status) == 200
        }
        #expect(serve.output.contains("max_connections=96"), "\(serve.output)")
        let limits = try String(contentsOfFile: "/proc/\(serve.pid)/limits", encoding: .utf8)
        #expect(limits.split(separator: "\n").contains { $0.hasPrefix("Max open files") && $0.contains(" 256 ") && !$0.contains(" 200 ") }, "\(limits)")

        // 300 idle connections, more than the front's descriptors: 96 are accepted, the rest wait.
        let idle = try await onDedicatedThread { Idle(try (0..<300).map { _ in try RawConnection(port: port) }) }
        let pid = serve.pid
        try await Eventually.poll("the front has accepted its 96 connections") { Self.openSockets(pid) >= 96 }
        // A request on a connection beyond the cap waits unanswered while the idle ones are held.
        let waiting = try await onDedicatedThread { () -> Idle in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return Idle([connection])
        }
        let held = Self.openSockets(pid)
        // Clients (at most 96), the listener, Redis (a pooled connection or two, the scheduler's).
        #expect(held <= 96 + 8, "the front holds \(held) sockets")
        #expect(serve.isRunning, "\(serve.output.suffix(2000))")

        // Once the idle clients go, the waiting request is accepted and answered, and the front still works.
        idle.connections.removeAll()
        let answer = try await onDedicatedThread { waiting.connections[0].readUntilClosed(deadline: .seconds(60)) }
        #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text)")
        let key = try await FrontHardeningTests.createKey(fixture)
        let trigger = try await FrontProcess.request(base + "/v1/pipelines/quick/runs", method: "POST", key: key, body: Data("{}".utf8))
        #expect(trigger.status == 202, "\(trigger.text)")
        #expect(serve.isRunning)
    }
}
