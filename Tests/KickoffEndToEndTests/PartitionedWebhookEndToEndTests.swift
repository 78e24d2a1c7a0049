import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Synchronization
import Testing

/// Webhooks with `KICKOFF_PARTITIONS=3` on the real local cluster `scripts/test` starts, through real
/// processes: an endpoint added with `kickoff webhooks add` (copied to every partition), runs
/// triggered over HTTP with a `callback_url` until all three partitions (on the three primaries)
/// have some, two `kickoff worker`s running them and delivering their webhooks: each run's signed
/// event reaches the receiver exactly once from the endpoint and once from its callback (one
/// callback fails first and is retried), and `GET /v1/runs/{id}` shows each run's attempts.
@Suite struct PartitionedWebhookEndToEndTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [/bin/true]}
    """

    @Test func everyPartitionsRunsGetTheirSignedWebhooksOnceFromAnEndpointAndACallback() async throws {
        let cluster = try await TestRedisCluster.shared()
        let namespace = try await cluster.namespaceOnDistinctPrimaries(partitions: 3)
        let fixture = try await WorkerFixture(pipelines: Self.pipelines, redis: cluster.configuration(), partitions: 3, namespace: namespace)
        let secret = WebhookSecret.generate()
        let environment = [
            EnvironmentVariable.redisCluster: ClusterFixture.list(cluster.ports), EnvironmentVariable.partitions: "3",
            EnvironmentVariable.webhookSecret: secret.text, WebhookSettings.allowVariable: "127.0.0.1/32",
            WebhookSettings.retryScheduleVariable: "200ms,200ms",
        ]
        // The flaky callback's first request fails (503): retried, then delivered.
        let flakyFailed = Mutex(false)
        let receiver = try await WebhookReceiver { request in
            guard request.path == "/hook/flaky" else { return .status(204) }
            let first = flakyFailed.withLock { failed in
                defer { failed = true }
                return !failed
            }
            return first ? .status(503) : .status(200)
        }

        let added = try await KickoffProcess.run(["webhooks", "add", receiver.url + "/endpoint", "--namespace", namespace], environment: environment)
        #expect(added.status == 0, "\(added.output)")
        let endpoint = try #require(added.output.split(separator: "\n").first { $0.hasPrefix("ep_") }.map(String.init), "\(added.output)")
        let keys = fixture.queue.keys
        for partition in 0..<3 {
            let copy = try await fixture.queue.send(RedisCommand("HGETALL", keys.partition(partition).webhookEndpoints)).hashFields
            #expect(Set(copy.keys) == [endpoint], "partition \(partition)")
        }
        let listed = try await KickoffProcess.run(["webhooks", "list", "--namespace", namespace], environment: environment)
        #expect(listed.status == 0 && listed.output.contains(endpoint), "\(listed.output)")

        let created = try await KickoffProcess.run(["keys", "create", "webhooks-p3", "--scopes", "trigger,read", "--namespace", namespace],
                                                   environment: environment)
        let key = String(try #require(created.output.split(separator: "\n").first { $0.hasPrefix(APIKeyMaterial.prefix) },
                                      "kickoff keys create (\(created.status)):\n\(created.output)"))
        let port = try FreePort.find()
        let base = "http://127.0.0.1:\(port)"
        let front = try KickoffProcess(["serve", "--namespace", namespace, "--pipelines", fixture.pipelinesFile.path, "--port", "\(port)",
                                        "--rate-limit", "0"], environment: environment, logDirectory: fixture.directory)
        defer { if front.isRunning { front.signal(SIGKILL) } }
        try await Eventually.poll("kickoff serve is ready", deadline: .seconds(30)) {
            guard front.isRunning else { throw TestSupportError("kickoff serve exited:\n\(front.output)") }
            return (try? await FrontProcess.request(base + "/readyz", method: "GET", key: nil, body: nil).status) == 200
        }

        // Triggers (each with its callback, the first one flaky) until every partition has runs.
        var callbacks: [String: String] = [:]
        for index in 0..<60 {
            let callback = receiver.url + (index == 0 ? "/flaky" : "/callback/\(index)")
            let answer = try await FrontProcess.request(base + "/v1/pipelines/quick/runs", method: "POST", key: key,
                                                        body: Data(#"{"callback_url":"\#(callback)"}"#.utf8))
            try #require(answer.status == 202, "\(answer.text)")
            let id = try #require(answer.json?["id"] as? String)
            callbacks[id] = callback
            if index >= 5, Set(callbacks.keys.map { keys.partitions.partition(ofRunID: $0) }).count == 3 { break }
        }
        let ids = Array(callbacks.keys)
        #expect(Set(ids.map { keys.partitions.partition(ofRunID: $0) }) == [0, 1, 2])

        let extra = ["--redis-cluster", ClusterFixture.list(cluster.ports), "--partitions", "3"]
        try fixture.startWorker("hooks-a", extra: extra, environment: environment)
        try fixture.startWorker("hooks-b", extra: extra, environment: environment)

        // Every run: succeeded, and its attempts through the API: the endpoint's and the callback's delivered.
        let targets = callbacks, endpointURL = receiver.url + "/endpoint"
        try await Eventually.poll("every run's webhooks are delivered", deadline: .seconds(180), every: .milliseconds(250)) {
            for id in ids {
                let attempts = try await Self.attempts(base: base, key: key, runID: id)
                let delivered = attempts.filter { ($0["status_code"] as? Int).map { (200..<300).contains($0) } == true }
                guard Set(delivered.compactMap { $0["url"] as? String }) == [endpointURL, targets[id] ?? ""] else { return false }
            }
            return true
        }
        for id in ids {
            let run = try await FrontProcess.request(base + "/v1/runs/\(id)", method: "GET", key: key, body: nil)
            #expect(run.json?["status"] as? String == "succeeded")
            let statuses = try await Self.attempts(base: base, key: key, runID: id).compactMap { $0["status_code"] as? Int }.sorted()
            #expect(statuses == (targets[id] == receiver.url + "/flaky" ? [200, 204, 503] : [204, 204]), "\(id): \(run.text)")
        }

        // The receiver: each run's event once from the endpoint, once from its callback (the flaky one
        // twice, the same webhook-id), each signed.
        let requests = receiver.requests
        let verifier = WebhookVerifier(secrets: [secret])
        for request in requests {
            try verifier.verify(id: request.headers["webhook-id"], timestamp: request.headers["webhook-timestamp"],
                                signatures: request.headers["webhook-signature"], body: request.body,
                                now: Int64(Date().timeIntervalSince1970))
        }
        for id in ids {
            let event = "msg_" + id.replacingOccurrences(of: "-", with: "")
            let mine = requests.filter { $0.headers["webhook-id"] == event }
            let callbackPath = URL(string: callbacks[id] ?? "")?.path ?? ""
            #expect(mine.filter { $0.path == "/hook/endpoint" }.count == 1, "\(id)")
            #expect(mine.filter { $0.path == callbackPath }.count == (callbackPath == "/hook/flaky" ? 2 : 1), "\(id)")
            #expect(mine.count == (callbackPath == "/hook/flaky" ? 3 : 2))
        }
        #expect(requests.count == ids.count * 2 + 1)
        let store = WebhookStore(client: RedisClient(configuration: fixture.queue.configuration, connectionCount: 1),
                                 operations: fixture.queue.operations)
        #expect(try await store.deadLetters().deliveries.isEmpty)
        #expect(!front.output.contains("CROSSSLOT") && !fixture.workerLogs().contains("CROSSSLOT"), "\(fixture.workerLogs().suffix(3000))")
        #expect(try await store.removeEndpoint(id: endpoint))
        await receiver.close()
    }

    /// The run's `webhook_deliveries` as `GET /v1/runs/{id}` shows them (none while it is not final).
    static func attempts(base: String, key: String, runID: String) async throws -> [[String: Any]] {
        let answer = try await FrontProcess.request(base + "/v1/runs/\(runID)", method: "GET", key: key, body: nil)
        return answer.json?["webhook_deliveries"] as? [[String: Any]] ?? []
    }
}
