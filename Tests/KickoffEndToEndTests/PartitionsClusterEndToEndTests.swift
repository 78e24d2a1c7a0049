import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `KICKOFF_PARTITIONS=3` on the real local cluster `scripts/test` starts: 300 runs triggered over
/// HTTP land on all three primaries; `GET /v1/runs`, `kickoff runs list` and the dashboard's run
/// list show every one; a pool of workers drains them from every partition. (The step is `/bin/true`:
/// 300 Python steps would load the machine the other end-to-end tests share.)
@Suite(.serialized) struct PartitionsClusterEndToEndTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [/bin/true], parameters: {n: {type: integer, default: 1}}}
    """

    @Test func threeHundredRunsOnThreePrimariesAreListedEverywhereAndDrained() async throws {
        let cluster = try await TestRedisCluster.shared()
        let shards = try await cluster.shards()
        let namespace = try await cluster.namespaceOnDistinctPrimaries(partitions: 3)
        let fixture = try await WorkerFixture(pipelines: Self.pipelines, redis: cluster.configuration(), partitions: 3, namespace: namespace)
        let environment = [EnvironmentVariable.redisCluster: ClusterFixture.list(cluster.ports), EnvironmentVariable.partitions: "3"]

        let created = try await KickoffProcess.run(["keys", "create", "partitions-e2e", "--scopes", "trigger,read", "--namespace", namespace],
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

        // 300 triggers, no worker yet: every run waits in its partition.
        var ids: [String] = []
        for index in 0..<300 {
            let answer = try await FrontProcess.request(base + "/v1/pipelines/quick/runs", method: "POST", key: key,
                                                        body: Data(#"{"tags":["p3"],"parameters":{"n":\#(index)}}"#.utf8))
            try #require(answer.status == 202, "\(answer.text)")
            ids.append(try #require(answer.json?["id"] as? String))
        }
        let keys = fixture.queue.keys
        let byPartition = Dictionary(grouping: ids) { keys.partitions.partition(ofRunID: $0) }
        #expect(Set(byPartition.keys) == [0, 1, 2])
        var primaries: Set<Int> = []
        for (partition, members) in byPartition {
            let home = keys.partition(partition)
            let owner = try #require(shards.first { $0.slots.contains(KeySlot.of(home.prefix)) }?.primary)
            primaries.insert(owner)
            // Asked of the owner itself, on a plain connection: no redirect could hide where the keys are.
            let slot = try #require(try await cluster.command(port: owner, RedisCommand("CLUSTER", "KEYSLOT", keys.run(members[0]))).int)
            #expect(Int(slot) == KeySlot.of(home.prefix))
            for id in members {
                #expect(try await cluster.command(port: owner, RedisCommand("EXISTS", keys.run(id), keys.events(id))).int ?? 0 >= 1)
            }
            #expect(try await cluster.command(port: owner, RedisCommand("ZCARD", home.runsIndex)).int == Int64(members.count))
        }
        #expect(primaries.count == 3, "partitions on \(primaries)")

        // The API, page by page.
        var listed: [String] = []
        var cursor: String?
        repeat {
            let query = "/v1/runs?limit=100" + (cursor.map { "&cursor=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? "")
            let page = try await FrontProcess.request(base + query, method: "GET", key: key, body: nil)
            #expect(page.status == 200, "\(page.text)")
            let runs = try #require(page.json?["runs"] as? [[String: Any]])
            listed += runs.compactMap { $0["id"] as? String }
            cursor = page.json?["next_cursor"] as? String
        } while cursor != nil && listed.count < 400
        #expect(listed.count == 300)
        #expect(Set(listed) == Set(ids))

        // The client command, page by page (it prints the next page's command on stderr).
        var printed = ""
        var clientCursor: String?
        for _ in 0..<4 {
            let client = try await KickoffProcess.run(["runs", "list", "--limit", "100"] + (clientCursor.map { ["--cursor", $0] } ?? []),
                                                      environment: ["KICKOFF_URL": base, "KICKOFF_API_KEY": key])
            #expect(client.status == 0, "\(client.output)")
            printed += client.output
            clientCursor = Self.nextCursor(client.output)
            if clientCursor == nil { break }
        }
        #expect(ids.allSatisfy { printed.contains($0) }, "\(printed.prefix(2000))")

        // The dashboard's run list.
        let browser = FormBrowser(baseURL: base)
        let login = try await browser.send("POST", "/ui/login", form: [("key", key)])
        #expect(login.status == 303, "\(login.text)")
        browser.cookie = try #require(login.headers["set-cookie"]).prefix { $0 != ";" }.description
        var shown: Set<String> = []
        var next: String? = "/ui/runs?limit=100"
        while let path = next, shown.count < 400 {
            let page = try await browser.send("GET", path)
            #expect(page.status == 200)
            for id in ids where page.text.contains(#"<tr data-run-id="\#(id)">"#) { shown.insert(id) }
            next = Self.nextPageLink(page.text)
        }
        #expect(shown == Set(ids))

        // A pool drains them from every partition.
        _ = try fixture.startPool(workers: 3, extra: ["--redis-cluster", ClusterFixture.list(cluster.ports), "--partitions", "3"])
        let store = RunStore(client: RedisClient(configuration: fixture.queue.configuration, connectionCount: 1), operations: fixture.queue.operations)
        let triggered = ids
        try await Eventually.poll("the pool runs all 300", deadline: .seconds(600)) {
            try await store.records(ids: triggered).allSatisfy { $0?.status.isFinal == true }
        }
        let records = try await store.records(ids: ids)
        #expect(records.allSatisfy { $0?.status == .succeeded }, "\(fixture.workerLogs().suffix(3000))")
        #expect(Set(records.compactMap { $0?.worker }).count >= 1)
        #expect(!front.output.contains("CROSSSLOT") && !fixture.workerLogs().contains("CROSSSLOT"))
        _ = try await store.purge(olderThan: .seconds(-60))
    }

    /// The `--cursor` of the "more runs:" command `kickoff runs list` prints; nil on the last page.
    static func nextCursor(_ output: String) -> String? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("more runs:") }),
              let flag = line.range(of: "--cursor ") else { return nil }
        let value = line[flag.upperBound...].split(separator: " ").first.map(String.init) ?? ""
        return value.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
    }

    /// The dashboard list's link to its next page (`cursor=`), unescaped; nil on the last page.
    static func nextPageLink(_ html: String) -> String? {
        guard let range = html.range(of: #"href="/ui/runs?"#) else { return nil }
        var found: String?
        var rest = html[range.lowerBound...]
        while let start = rest.range(of: #"href="/ui/runs?"#) {
            let tail = rest[start.upperBound...]
            guard let end = tail.firstIndex(of: "\"") else { break }
            let query = String(tail[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            if query.contains("cursor=") { found = "/ui/runs?" + query }
            rest = tail[end...]
        }
        return found
    }
}

/// With more than one partition nothing is refused any more: `webhooks add` works and copies the
/// endpoint to every partition (hook sources: `PartitionedHookEndToEndTests`; webhooks end to end:
/// `PartitionedWebhookEndToEndTests`).
@Suite struct PartitionsRefusalEndToEndTests {
    @Test func webhooksAddWorksWithPartitions() async throws {
        let fixture = try await WorkerFixture(pipelines: """
            pipelines:
              train:
                steps:
                  fit: {run: [python3, step.py, emit]}
            """)
        let webhook = try await KickoffProcess.run(["webhooks", "add", "https://example.com/hook", "--redis-url", fixture.redisURL,
                                                    "--namespace", fixture.queue.namespace, "--partitions", "3"])
        #expect(webhook.status == 0, "\(webhook.output)")
        let partitioned = StoreKeys(namespace: fixture.queue.namespace, partitions: RunPartitions(count: 3))
        #expect(try await fixture.queue.send(RedisCommand("HLEN", partitioned.partition(2).webhookEndpoints)).int == 1)
    }
}

/// Schedules with `KICKOFF_PARTITIONS=3` on the test cluster: a `kickoff worker` leads the
/// scheduler, each tick is recorded on the namespace's tag and its run enqueued in a partition,
/// and the runs succeed.
@Suite struct PartitionedScheduleEndToEndTests {
    @Test func ticksFireIntoThePartitionsAndTheirRunsSucceed() async throws {
        let cluster = try await TestRedisCluster.shared()
        let fixture = try await WorkerFixture(pipelines: """
            pipelines:
              ticking:
                steps: {s: {run: [true]}}
                schedules:
                  - {every: 1s, name: tick}
            """, redis: cluster.configuration(), partitions: 3, namespace: try await cluster.namespaceOnDistinctPrimaries(partitions: 3))
        try fixture.startWorker("sched-p3", extra: ["--redis-cluster", ClusterFixture.list(cluster.ports), "--partitions", "3"])
        let store = RunStore(client: RedisClient(configuration: fixture.queue.configuration, connectionCount: 1), operations: fixture.queue.operations)
        try await Eventually.poll("6 ticks' runs succeeded", deadline: .seconds(90)) {
            let ids = try await store.indexEntries(pipeline: "ticking", maximumScore: nil, offset: 0, count: 100).map(\.id)
            return try await store.records(ids: ids).filter { $0?.status == .succeeded }.count >= 6
        }
        let ids = try await store.indexEntries(pipeline: "ticking", maximumScore: nil, offset: 0, count: 100).map(\.id)
        let records = try await store.records(ids: ids).compactMap { $0 }
        #expect(records.allSatisfy { $0.tags == ["schedule:tick"] })
        #expect(Set(ids).count == ids.count)
        #expect(try await fixture.queue.send(RedisCommand("HLEN", fixture.queue.keys.schedulesPending)).int ?? 0 <= 1, "at most the tick in flight")
        #expect(!fixture.workerLogs().contains("CROSSSLOT"), "\(fixture.workerLogs().suffix(2000))")
    }
}
