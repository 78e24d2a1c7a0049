import Foundation
import KickoffModel
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

    /// Every command Kickoff sends, directly or from its Lua scripts (Redis checks those too).
    static let commands = """
        ping select evalsha eval blpop xread xrange hget hgetall hset hdel hvals lrange rpush set expire zrevrangebyscore \
        del exists get hexists hincrby hmget llen lpop lpush lrem persist pexpire publish sadd smembers time xadd zadd \
        zrange zrangebyscore zrem zremrangebyscore
        """

    /// `ACL SETUSER` arguments: the user, its password, its namespace's keys and channels, those commands.
    static func aclRule(user: String, namespace: String) -> [String] {
        [user, "reset", "on", ">\(password)", "~{\(namespace)}:*", "resetchannels", "&{\(namespace)}:*", "-@all"]
            + commands.split(separator: " ").map { "+\($0)" }
    }

    static func setUser(namespace: String) -> RedisCommand {
        RedisCommand(arguments: (["ACL", "SETUSER"] + aclRule(user: "kickoff", namespace: namespace)).map { Array($0.utf8) })
    }

    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}
    """

    @Test func serveAndWorkerRunUnderARestrictedACLUserAndLogNoSecret() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        var configuration = server.configuration
        configuration.username = "kickoff"
        configuration.password = Self.password
        let fixture = try await WorkerFixture(pipelines: Self.pipelines, redis: configuration)
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
