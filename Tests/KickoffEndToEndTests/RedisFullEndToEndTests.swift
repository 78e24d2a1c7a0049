import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A real `kickoff serve` on a Redis of its own that is filled to its `maxmemory` (`noeviction`):
/// reads, cancel, purge and the dashboard login keep working, a trigger gets 507 `store-full`, and
/// `/readyz` and `/metrics` say Redis is full.
@Suite struct RedisFullEndToEndTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit]}
    """

    /// Writes 1 KiB values until Redis refuses one with `-OOM`, then lowers `maxmemory` a little under
    /// what is used: freeing a connection's buffers (a few KiB) must not make room again mid-test.
    static func fill(_ server: RedisServerProcess) async throws {
        let configuration = server.configuration
        try await onOwnThread {
            let connection = BlockingRedisConnection(configuration: configuration)
            defer { connection.close() }
            let value = String(repeating: "x", count: 1024)
            for batch in 0..<100_000 {
                let replies = try connection.pipeline((0..<100).map { RedisCommand("SET", "filler:\(batch):\($0)", value) })
                if replies.contains(where: { if case .error(let message) = $0 { message.hasPrefix("OOM") } else { false } }) {
                    let info = try connection.send(RedisCommand("INFO", "memory")).string ?? ""
                    guard let memory = RedisMemory(info: info) else { throw TestSupportError("INFO memory unreadable: \(info)") }
                    _ = try connection.send(RedisCommand("CONFIG", "SET", "maxmemory", String(memory.used - 256 * 1024)))
                    return
                }
            }
            throw TestSupportError("Redis never refused a write")
        }
    }

    @Test func aFullRedisServesReadsCancelPurgeAndLoginAndAnswers507ToTriggers() async throws {
        let server = try RedisServerProcess(extraArguments: ["--maxmemory", "8mb", "--maxmemory-policy", "noeviction"])
        try await server.start()
        defer { server.kill() }
        let fixture = try await WorkerFixture(pipelines: Self.pipelines, redis: server.configuration)
        // The default rate limit, not the fixtures' none: its bucket is written on every request.
        let front = try await fixture.startFront(["--rate-limit", "100"])
        let client = RedisClient(configuration: server.configuration, connectionCount: 1)
        // A key used first on the full Redis: its last_used_at is due then.
        let second = try await APIKeyStore(client: client, keys: fixture.queue.keys).create(name: "second", scopes: Set(APIKeyScope.allCases)).key
        await client.shutdown()

        let first = try await front.send("POST", "/v1/pipelines/quick/runs", json: "{}")
        let finished = try #require(first.json?["id"] as? String, "\(first.text)")
        #expect(try await front.send("POST", "/v1/runs/\(finished)/cancel").status == 202)
        let waiting = try await front.send("POST", "/v1/pipelines/quick/runs", json: "{}")
        let queued = try #require(waiting.json?["id"] as? String, "\(waiting.text)")
        try await Eventually.poll("the canceled run is older than 1s", deadline: .seconds(30), every: .milliseconds(200)) {
            let dry = try await front.send("POST", "/v1/runs/purge", json: #"{"older_than":"1s","dry_run":true}"#)
            return (dry.json?["matched"] as? Int) == 1
        }
        #expect(try await front.send("GET", "/readyz").status == 200)

        try await Self.fill(server)

        let list = try await front.send("GET", "/v1/runs")
        #expect(list.status == 200, "\(list.text)")
        let shown = try await FrontProcess.request(front.baseURL + "/v1/runs/\(queued)", method: "GET", key: second, body: nil)
        #expect(shown.status == 200 && shown.json?["status"] as? String == "queued", "\(shown.text)")

        let refused = try await front.send("POST", "/v1/pipelines/quick/runs", json: "{}")
        #expect(refused.status == 507, "\(refused.text)")
        #expect(refused.json?["type"] as? String == "urn:kickoff:problem:store-full", "\(refused.text)")
        let ready = try await front.send("GET", "/readyz")
        #expect(ready.status == 503 && ready.json?["type"] as? String == "urn:kickoff:problem:store-full", "\(ready.text)")
        let metrics = try await front.send("GET", "/metrics")
        let figures = try PrometheusExposition(metrics.text)
        #expect(figures.value("kickoff_redis_full") == 1, "\(metrics.text)")
        #expect(figures.value("kickoff_redis_up") == 1, "\(metrics.text)")

        let cancel = try await front.send("POST", "/v1/runs/\(queued)/cancel")
        #expect(cancel.status == 202, "\(cancel.text)")
        let canceled = try await front.send("GET", "/v1/runs/\(queued)")
        #expect(canceled.json?["status"] as? String == "canceled", "\(canceled.text)")

        let login = try await LoginLimitEndToEndTests.login(port: front.port, from: "127.0.0.1", key: front.key)
        #expect(login.status == 303 && login.text.contains("kickoff_session="), "\(login.text)")

        let purge = try await front.send("POST", "/v1/runs/purge", json: #"{"older_than":"1s"}"#)
        #expect(purge.status == 200 && (purge.json?["deleted"] as? Int) ?? 0 >= 1, "\(purge.text)")
        #expect(try await front.send("GET", "/v1/runs/\(finished)").status == 404)
    }
}
