import Foundation
import KickoffTestSupport
import Testing

/// A real `kickoff serve` limits failed dashboard logins per client address: what it counts is the
/// socket's peer, so another address (127.0.0.2 here) is not held up by the first one's failures.
@Suite struct LoginLimitEndToEndTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit]}
    """

    /// `POST /ui/login` over a connection from `source`; returns the status code and the head.
    static func login(port: Int, from source: String, key: String) async throws -> (status: Int, text: String) {
        let body = "key=" + (key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)
        let answer = try await onDedicatedThread {
            let connection = try RawConnection(port: port, from: source)
            connection.send("POST /ui/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
            return connection.readUntilClosed().text
        }
        let status = answer.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, answer)
    }

    @Test func failedLoginsFromOneAddressDoNotHoldUpAnother() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront(["--login-attempts", "1"])
        let port = front.port
        // One failure a minute: the next attempt within the minute is refused, with a right key too.
        #expect(try await Self.login(port: port, from: "127.0.0.1", key: "kk_one").status == 401)
        let throttled = try await Self.login(port: port, from: "127.0.0.1", key: front.key)
        #expect(throttled.status == 429, "\(throttled.text)")
        #expect(throttled.text.lowercased().contains("retry-after: "), "\(throttled.text)")
        #expect(throttled.text.contains("Too many failed logins from your address"))

        // Another address has a bucket of its own.
        let signedIn = try await Self.login(port: port, from: "127.0.0.2", key: front.key)
        #expect(signedIn.status == 303 && signedIn.text.contains("kickoff_session="), "\(signedIn.text)")
        let other = try await Self.login(port: port, from: "127.0.0.2", key: "kk_two")
        #expect(other.status == 401, "\(other.text)")
        #expect(front.process.output.contains("dashboard login throttled"), "\(front.process.output)")
    }

    @Test func aNegativeLoginAttemptsIsRefusedNamingTheFlag() async throws {
        let (status, output) = try await KickoffProcess.run(["serve", "--login-attempts=-1"])
        #expect(status != 0)
        #expect(output.contains("--login-attempts"), "\(output)")
    }
}
