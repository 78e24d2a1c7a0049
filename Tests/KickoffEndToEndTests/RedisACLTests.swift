import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Kickoff under a Redis ACL user that may touch only its namespace's keys and channels and run only
/// the commands Kickoff sends (the README's "Security" section shows the same rule), with debug logs
/// that must hold none of the secrets in play.
@Suite struct RedisACLTests {
    static let password = "acl-pw-51d0e2"
    static let webhookSecret = "whsec_YWNsLXRlc3Qtd2ViaG9vay1zZWNyZXQ="
    static let callbackToken = "query-secret-9b71"
    static let callbackPassword = "userinfo-secret-40aa"

    /// The README's `ACL SETUSER` line (`RedisPermissions.aclRule`, derived from the sources by
    /// `RedisPermissionsTests`) for this namespace, less the commands in `without`.
    static func setUser(namespace: String, without: Set<String> = []) -> RedisCommand {
        let words = RedisPermissions.aclRule(user: "kickoff", password: password, namespace: namespace)
            .split(separator: " ").map(String.init)
            .filter { !($0.hasPrefix("+") && without.contains(String($0.dropFirst()))) }
        return RedisCommand(arguments: words.map { Array($0.utf8) })
    }

    /// Workers, fronts and clients of the fixture connect as the `kickoff` user with its password.
    static func fixtureAsKickoffUser(on server: RedisServerProcess) async throws -> WorkerFixture {
        var configuration = server.configuration
        configuration.username = "kickoff"
        configuration.password = password
        return try await WorkerFixture(pipelines: pipelines, redis: configuration)
    }

    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}
      ticking:
        schedules:
          - {every: 1s, name: tick}
        steps:
          only: {run: [python3, step.py, emit]}
    """

    @Test func serveAndWorkerRunUnderARestrictedACLUserAndLogNoSecret() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        let fixture = try await Self.fixtureAsKickoffUser(on: server)
        // The default user (no password) sets up the restricted one.
        let admin = RedisClient(configuration: server.configuration, connectionCount: 1)
        _ = try await admin.send(Self.setUser(namespace: fixture.queue.namespace))
        let denied = try? await admin.send(RedisCommand("ACL", "DRYRUN", "kickoff", "GET", "{other}:x"))
        #expect(denied?.string?.contains("no permissions to access the '{other}:x' key") == true, "\(String(describing: denied))")
        await admin.shutdown()

        let receiver = try await WebhookReceiver { _ in .status(500) }  // every delivery fails
        let environment = [
            EnvironmentVariable.webhookSecret: Self.webhookSecret,
            WebhookSettings.allowVariable: "127.0.0.1/32",
            WebhookSettings.retryScheduleVariable: "50ms",
        ]
        #expect(fixture.redisURL.hasPrefix("redis://kickoff:\(Self.password)@"))
        let front = try await fixture.startFront(["--log-level", "trace"], environment: environment)
        try fixture.startWorker("acl", extra: ["--log-level", "trace"], environment: environment)

        // Credentials in a callback URL are refused, and the answer does not repeat them.
        let withCredentials = receiver.url.replacingOccurrences(of: "http://", with: "http://hook:\(Self.callbackPassword)@")
        let refused = try await front.send("POST", "/v1/pipelines/quick/runs", json: #"{"callback_url":"\#(withCredentials)"}"#)
        #expect(refused.status == 422, "\(refused.text)")
        #expect(refused.text.contains("credentials in the URL are not allowed") && !refused.text.contains(Self.callbackPassword), "\(refused.text)")

        let callback = receiver.url + "?token=\(Self.callbackToken)"
        let accepted = try await front.send("POST", "/v1/pipelines/quick/runs", json: #"{"callback_url":"\#(callback)"}"#)
        #expect(accepted.status == 202, "\(accepted.text)")
        let id = try #require(accepted.json?["id"] as? String)
        try await Eventually.poll("the run succeeds and its webhook becomes a dead letter", deadline: .seconds(60)) {
            let run = try await front.send("GET", "/v1/runs/\(id)").json
            let deliveries = run?["webhook_deliveries"] as? [[String: Any]] ?? []
            return run?["status"] as? String == "succeeded" && deliveries.count == 2
        }
        let deadLetters = try await front.send("GET", "/v1/webhooks/dead-letters")
        #expect(deadLetters.text.contains(id), "\(deadLetters.text)")
        // SSE and logs work under the ACL too (XREAD, HGETALL on the run's keys).
        let events = try await front.send("GET", "/v1/runs/\(id)/events")
        #expect(events.text.contains("event: run.succeeded"))
        // What the README's first ACL line broke: schedules fire, purge deletes, metrics read the queue.
        try await Eventually.poll("a schedule fires under the ACL", deadline: .seconds(60)) {
            let list = try await front.send("GET", "/v1/runs?pipeline=ticking").json
            return !((list?["runs"] as? [[String: Any]]) ?? []).isEmpty
        }
        try await Eventually.poll("purge deletes a finished run under the ACL") {
            let purge = try await front.send("POST", "/v1/runs/purge", json: #"{"older_than":"1s","status":["succeeded"]}"#)
            #expect(purge.status == 200, "\(purge.text)")
            return (purge.json?["matched"] as? Int ?? 0) > 0
        }
        let metrics = try await FrontProcess.request(front.baseURL + "/metrics", method: "GET", key: nil, body: nil).text
        #expect(metrics.contains("\nkickoff_redis_up 1"), "\(metrics)")

        // What the processes wrote (not workerLogs()'s header lines, which show the test's own command lines).
        let workerOutput = fixture.workerLogs().split(separator: "\n").filter { !$0.hasPrefix("--- ") }.joined(separator: "\n")
        let logs = front.process.output + "\n" + workerOutput
        #expect(logs.contains("webhook is a dead letter"), "\(logs)")
        #expect(logs.contains(receiver.url), "the URL is logged without its query")
        for secret in [Self.password, front.key, Self.webhookSecret, Self.callbackToken, Self.callbackPassword] {
            #expect(!logs.contains(secret), "a log holds \(secret)")
        }
        #expect(!logs.contains("NOPERM"), "\(logs)")
        await receiver.close()
    }

    /// A user without a command Kickoff needs: serve, worker and pool refuse to start, naming it;
    /// a command revoked while the front runs is a 503 saying so, never a 500.
    @Test func aMissingCommandIsAConfigurationErrorAtStartAndA503Later() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        let fixture = try await Self.fixtureAsKickoffUser(on: server)
        let admin = RedisClient(configuration: server.configuration, connectionCount: 1)
        defer { Task { await admin.shutdown() } }
        _ = try await admin.send(Self.setUser(namespace: fixture.queue.namespace, without: ["incr", "pttl"]))

        let worker = try fixture.startWorker("refused")
        #expect(try await worker.waitForExit() == 1)
        #expect(worker.output.contains("the Redis user 'kickoff' may not run: incr, pttl"), "\(worker.output)")
        let serve = try KickoffProcess(["serve", "--redis-url", fixture.redisURL, "--namespace", fixture.queue.namespace,
                                        "--pipelines", fixture.pipelinesFile.path, "--port", String(try FreePort.find())],
                                       logDirectory: fixture.directory)
        #expect(try await serve.waitForExit() == 1)
        #expect(serve.output.contains("may not run: incr, pttl") && serve.output.contains("ACL SETUSER kickoff +incr +pttl"), "\(serve.output)")
        let pool = try KickoffProcess(["pool", "--redis-url", fixture.redisURL, "--namespace", fixture.queue.namespace,
                                       "--pipelines", fixture.pipelinesFile.path, "--workers", "1"], logDirectory: fixture.directory)
        #expect(try await pool.waitForExit() != 0)
        #expect(pool.output.contains("may not run: incr, pttl"), "\(pool.output)")

        _ = try await admin.send(Self.setUser(namespace: fixture.queue.namespace))
        let front = try await fixture.startFront()
        let accepted = try await front.send("POST", "/v1/pipelines/quick/runs", json: "{}")
        let id = try #require(accepted.json?["id"] as? String)
        _ = try await admin.send(RedisCommand("ACL", "SETUSER", "kickoff", "-hgetall"))
        let refused = try await front.send("GET", "/v1/runs/\(id)")
        #expect(refused.status == 503, "\(refused.text)")
        #expect((refused.json?["type"] as? String)?.hasSuffix("store-not-permitted") == true, "\(refused.text)")
    }

    @Test func aWrongPasswordFailsWithAClearErrorThatDoesNotPrintIt() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        let admin = RedisClient(configuration: server.configuration, connectionCount: 1)
        _ = try await admin.send(Self.setUser(namespace: "kickoff"))
        await admin.shutdown()

        let wrong = "not-the-password-3c1f"
        let (status, output) = try await KickoffProcess.run(["keys", "list", "--redis-url", "redis://kickoff:\(wrong)@127.0.0.1:\(server.port)/0"])
        #expect(status != 0)
        #expect(output.contains("WRONGPASS"), "\(output)")
        #expect(!output.contains(wrong), "\(output)")
        let (good, goodOutput) = try await KickoffProcess.run(["keys", "list", "--redis-url", "redis://kickoff:\(Self.password)@127.0.0.1:\(server.port)/0"])
        #expect(good == 0, "\(goodOutput)")
    }
}
