import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Inbound hook sources with `KICKOFF_PARTITIONS=3` on the test cluster, through a real `kickoff
/// serve` and `kickoff worker`: signed deliveries make runs in all three partitions (each of the
/// three pipelines has a concurrency rule, so its runs go to its pipeline's partition: the test
/// picks names that hash to 0, 1 and 2), every run succeeds, a redelivered id makes no second run,
/// and runs left pending by a front that died between the two steps are enqueued, once, by the
/// worker's maintainer.
@Suite(.serialized) struct PartitionedHookEndToEndTests {
    static let secret = "partitioned hooks"

    /// Three pipeline names whose runs go to partitions 0, 1 and 2 (`RunPartitions`).
    static func pipelineNames(partitions: RunPartitions) throws -> [String] {
        var names: [String] = []
        for partition in partitions.all {
            guard let name = (0..<200).map({ "build\($0)" }).first(where: { partitions.partition(forKey: "pipeline:" + $0) == partition }) else {
                throw TestSupportError("no pipeline name for partition \(partition)")
            }
            names.append(name)
        }
        return names
    }

    static func pipelines(_ names: [String]) -> String {
        var yaml = "pipelines:\n"
        for name in names {
            yaml += """
              \(name):
                concurrency: [{limit: 50}]
                steps:
                  only: {run: [/bin/true], parameters: {commit: {type: string, required: true}}}

            """
        }
        yaml += """
        sources:
          github:
            provider: github
            secret_env: HOOK_GITHUB_SECRET
            routes:

        """
        for name in names {
            yaml += """
                  - pipeline: \(name)
                    when: {event: push}
                    parameters: {only.commit: /after}

            """
        }
        return yaml
    }

    @Test func deliveriesRunInEveryPartitionOnceAndPendingRunsAreEnqueuedByTheMaintainer() async throws {
        let cluster = try await TestRedisCluster.shared()
        let partitions = RunPartitions(count: 3)
        let names = try Self.pipelineNames(partitions: partitions)
        let namespace = try await cluster.namespaceOnDistinctPrimaries(partitions: 3)
        let fixture = try await WorkerFixture(pipelines: Self.pipelines(names), redis: cluster.configuration(), partitions: 3, namespace: namespace)
        let seeds = ClusterFixture.list(cluster.ports)
        let port = try FreePort.find()
        let base = "http://127.0.0.1:\(port)"
        // Started with hook sources and 3 partitions: neither refuses any more.
        let front = try KickoffProcess(["serve", "--namespace", namespace, "--pipelines", fixture.pipelinesFile.path, "--port", "\(port)",
                                        "--rate-limit", "0"],
                                       environment: [EnvironmentVariable.redisCluster: seeds, EnvironmentVariable.partitions: "3",
                                                     "HOOK_GITHUB_SECRET": Self.secret],
                                       logDirectory: fixture.directory)
        defer { if front.isRunning { front.signal(SIGKILL) } }
        try await Eventually.poll("kickoff serve is ready", deadline: .seconds(60)) {
            guard front.isRunning else { throw TestSupportError("kickoff serve exited:\n\(front.output)") }
            return (try? await FrontProcess.request(base + "/readyz", method: "GET", key: nil, body: nil).status) == 200
        }
        try fixture.startWorker("hooks-p3", extra: ["--redis-cluster", seeds, "--partitions", "3"])

        func deliver(_ delivery: String, after: String) async throws -> FrontProcess.Answer {
            let body = Data(#"{"ref":"refs/heads/main","after":"\#(after)"}"#.utf8)
            let signature = try await HookSigning.github(secret: Self.secret, body: body)
            return try await FrontProcess.request(base + "/v1/hooks/github", method: "POST", key: nil, body: body, headers: [
                "X-GitHub-Event": "push", "X-GitHub-Delivery": delivery, "X-Hub-Signature-256": signature])
        }

        // Four deliveries, three runs each: one per pipeline, so one in each partition.
        var ids: [String] = []
        for index in 0..<4 {
            let answer = try await deliver("d-\(index)", after: "c\(index)")
            #expect(answer.status == 202, "\(answer.text)")
            let runs = try #require(answer.json?["runs"] as? [[String: Any]], "\(answer.text)")
            #expect(runs.compactMap { $0["pipeline"] as? String }.sorted() == names.sorted())
            ids += runs.compactMap { $0["id"] as? String }
        }
        #expect(ids.count == 12)
        #expect(Set(ids.map(partitions.partition(ofRunID:))) == [0, 1, 2])
        let store = RunStore(client: RedisClient(configuration: fixture.queue.configuration, connectionCount: 1), operations: fixture.queue.operations)
        let triggered = ids
        try await Eventually.poll("the worker runs all 12", deadline: .seconds(120)) {
            try await store.records(ids: triggered).allSatisfy { $0?.status.isFinal == true }
        }
        let records = try await store.records(ids: ids).compactMap { $0 }
        #expect(records.count == 12 && records.allSatisfy { $0.status == .succeeded && $0.attempt == 1 }, "\(fixture.workerLogs().suffix(3000))")
        #expect(records.allSatisfy { partitions.partition(ofRunID: $0.id) == partitions.partition(forKey: "pipeline:" + $0.pipeline) })

        // The provider redelivers: 200 with the same runs, no new run anywhere.
        let again = try await deliver("d-0", after: "c0")
        #expect(again.status == 200 && again.json?["duplicate"] as? Bool == true, "\(again.text)")
        #expect(Set(((again.json?["runs"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }) == Set(ids.prefix(3)))
        #expect(try await indexedRuns(store, names) == 12)

        // A front that died after recording a delivery: its runs wait in the pending hash until the
        // worker's maintainer enqueues them; they run once, and the entry written again is dropped.
        let dyingFront = Store(configuration: StoreConfiguration(redis: fixture.queue.configuration), operations: fixture.queue.operations, connections: 1)
        // Placed here (placing again changes nothing), so the entries can be written back below.
        let made = try names.map { name in
            let pipeline = try fixture.pipeline(name)
            let parameters = try pipeline.resolve(TriggerValues(parameters: ["commit": .string("crash")])).get()
            var run = NewRun(pipeline: pipeline, parameters: parameters)
            run.trigger = RunTrigger(kind: .source, name: "github", delivery: "d-crash", event: "push")
            return run.placed(in: partitions)
        }
        guard case .created(let kept) = try await dyingFront.hooks.recordPending(source: "github", deliveryID: "d-crash", event: "push", runs: made) else {
            Issue.record("the delivery was not recorded")
            return
        }
        let pendingIDs = kept.map(\.id)
        #expect(pendingIDs == made.map(\.id))
        try await Eventually.poll("the maintainer enqueues and the worker runs the pending runs", deadline: .seconds(120)) {
            try await store.records(ids: pendingIDs).allSatisfy { $0?.status == .succeeded }
        }
        let entries = try await fixture.queue.send(RedisCommand("HLEN", fixture.queue.keys.hooksPending)).int
        #expect(entries == 0)
        for (id, record) in zip(pendingIDs, try await store.records(ids: pendingIDs)) {
            let record = try #require(record)
            #expect(record.attempt == 1 && record.trigger.delivery == "d-crash")
            // Again, as if the answer of the maintainer's enqueue had been lost: refused, removed.
            let text = PendingRunText.of(made.first { $0.id == id })
            _ = try await fixture.queue.send(RedisCommand("HSET", fixture.queue.keys.hooksPending, id, text))
        }
        try await Eventually.poll("the maintainer drops the entries of runs that exist", deadline: .seconds(60)) {
            try await fixture.queue.send(RedisCommand("HLEN", fixture.queue.keys.hooksPending)).int == 0
        }
        let after = try await store.records(ids: pendingIDs)
        #expect(after.allSatisfy { $0?.status == .succeeded && $0?.attempt == 1 })
        #expect(try await indexedRuns(store, names) == 15)
        await dyingFront.shutdown()
        #expect(!front.output.contains("CROSSSLOT") && !fixture.workerLogs().contains("CROSSSLOT"), "\(front.output.suffix(2000))")
        _ = try await store.purge(olderThan: .seconds(-60))
    }

    /// The runs of `names` in every partition's index.
    func indexedRuns(_ store: RunStore, _ names: [String]) async throws -> Int {
        var total = 0
        for name in names { total += try await store.indexEntries(pipeline: name, maximumScore: nil, offset: 0, count: 100).count }
        return total
    }
}

/// A pending entry as the hash keeps it (`[pipeline, field, value, …]`, KEYS.md), for writing one back.
enum PendingRunText {
    static func of(_ run: NewRun?) -> String {
        guard let run else { return "" }
        return JSONValue.array(([run.pipeline] + run.recordFields).map(JSONValue.string)).jsonString()
    }
}
