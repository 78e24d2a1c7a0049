import Foundation
import KickoffModel
@testable import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The outbox with runs spread over 3 partitions (`KICKOFF_PARTITIONS=3`) on one Redis: each
/// partition holds its runs' deliveries, attempts and due/in-flight/dead sets, and a copy of the
/// endpoints; claims and dead letters gather across partitions. (Through real processes on a real
/// cluster: `PartitionedWebhookEndToEndTests`.)
@Suite struct PartitionedWebhookOutboxTests {
    struct Harness {
        let fixture: QueueFixture
        let client: RedisClient
        let store: WebhookStore

        init(partitions: Int = 3, namespace: String? = nil) async throws {
            fixture = try await QueueFixture(retention: .seconds(600), partitions: partitions, namespace: namespace)
            client = RedisClient(configuration: fixture.configuration, connectionCount: 1)
            store = WebhookStore(client: client, operations: fixture.operations)
        }

        /// A run of `partition` with a callback, claimed and finished; returns its id.
        func finishedRun(partition: Int, callback: String? = "https://example.com/hook") async throws -> String {
            var run = NewRun(pipeline: "demo", parameters: ["a": [:]], stepNames: ["a"], callbackURL: callback)
            run.id = RunID.make(partition: partition)
            try await fixture.blocking { [run] queue in
                try queue.enqueue(run)
                let claimed = try #require(try queue.claim(worker: "host/1", lease: .seconds(30)))
                _ = try queue.finish(claimed, status: .succeeded, outputs: nil, error: nil)
            }
            return run.id
        }

        func members(_ key: String) async throws -> Set<String> {
            Set(try await fixture.send(RedisCommand("ZRANGE", key, 0, -1)).array?.compactMap(\.string) ?? [])
        }

        func copy(partition: Int) async throws -> Set<String> {
            Set(try await fixture.send(RedisCommand("HGETALL", fixture.keys.partition(partition).webhookEndpoints)).hashFields.keys)
        }
    }

    @Test func theKeysAreNamedAsBeforeWithOnePartition() {
        let id = RunID.make(partition: 2)
        let single = StoreKeys(namespace: "kickoff")
        #expect(single.webhookDelivery(id + "_callback") == "{kickoff}:webhook:\(id)_callback")
        #expect(single.webhookAttempts(runID: id) == "{kickoff}:deliveries:" + id)
        #expect(single.webhooksDue == "{kickoff}:webhooks:due")
        #expect(single.webhookEndpoints == "{kickoff}:webhooks:endpoints")
        let partitioned = StoreKeys(namespace: "kickoff", partitions: RunPartitions(count: 3))
        #expect(partitioned.webhookDelivery(id + "_ep_0123456789abcdef") == "{kickoff:2}:webhook:\(id)_ep_0123456789abcdef")
        #expect(partitioned.webhookAttempts(runID: id) == "{kickoff:2}:deliveries:" + id)
        #expect(partitioned.partition(2).webhooksDue == "{kickoff:2}:webhooks:due")
        #expect(partitioned.webhookEndpoints == "{kickoff}:webhooks:endpoints")
        #expect(partitioned.partition(1).webhookEndpoints == "{kickoff:1}:webhooks:endpoints")
        #expect(WebhookDeliveryID.runID(of: id + "_callback") == id)
        #expect(WebhookDeliveryID.runID(of: "nope") == nil)
    }

    @Test func oneEndpointWritesNoVersionWithOnePartition() async throws {
        let harness = try await Harness(partitions: 1)
        let endpoint = try await harness.store.addEndpoint(url: "https://all.example.com/")
        #expect(try await harness.store.syncEndpoints() == 0)
        #expect(try await harness.fixture.send(RedisCommand("EXISTS", harness.fixture.keys.webhookEndpointsVersion)).int == 0)
        #expect(try await harness.copy(partition: 0) == [endpoint])
    }

    @Test func eachRunsDeliveriesAndAttemptsStayInItsPartition() async throws {
        let harness = try await Harness()
        let keys = harness.fixture.keys
        let endpoint = try await harness.store.addEndpoint(url: "https://all.example.com/")
        #expect(try await harness.store.endpoints().map(\.id) == [endpoint])
        for partition in 0..<3 { #expect(try await harness.copy(partition: partition) == [endpoint]) }

        let ids = [try await harness.finishedRun(partition: 0), try await harness.finishedRun(partition: 1),
                   try await harness.finishedRun(partition: 2)]
        for (partition, id) in ids.enumerated() {
            let home = keys.partition(partition)
            #expect(try await harness.members(home.webhooksDue) == ["\(id)_callback", "\(id)_\(endpoint)"])
            #expect(try await harness.fixture.send(RedisCommand("EXISTS", home.prefix + "webhook:\(id)_callback")).int == 1)
        }
        #expect(try await harness.fixture.send(RedisCommand("EXISTS", keys.webhooksDue)).int == 0, "nothing on the namespace's tag")

        let claim = try await harness.store.claim(token: "t", lease: .seconds(30), limit: 10)
        #expect(claim.unavailable.isEmpty)
        #expect(Set(claim.deliveries.map(\.id)) == Set(ids.flatMap { ["\($0)_callback", "\($0)_\(endpoint)"] }))
        for delivery in claim.deliveries {
            #expect(try await harness.store.record(delivery, token: "t", outcome: .delivered(statusCode: 200)))
        }
        for (partition, id) in ids.enumerated() {
            let attempts = try await harness.store.deliveries(runID: id)
            #expect(attempts.count == 2 && attempts.allSatisfy { $0.statusCode == 200 })
            #expect(try await harness.fixture.send(RedisCommand("LLEN", keys.partition(partition).prefix + "deliveries:" + id)).int == 2)
            #expect(try await harness.store.delivery(id: "\(id)_callback")?.state == .delivered)
        }
        #expect(try await harness.store.claim(token: "t", lease: .seconds(30), limit: 10).deliveries.isEmpty)
        // The history counts them where they were recorded; read back, every partition adds up.
        let store = Store(configuration: StoreConfiguration(redis: harness.fixture.configuration), operations: harness.fixture.operations,
                          connections: 1)
        let now = try await store.time()
        let minutes = try await store.fleet.history(since: now - 120_000, until: now + 60_000)
        await store.shutdown()
        #expect(minutes.reduce(0) { $0 + ($1.webhooks["delivered"] ?? 0) } == 6, "\(minutes)")
    }

    @Test func theLimitIsSharedOutSoNoPartitionWaitsMoreThanNLooks() async throws {
        #expect(WebhookClaim.shares(of: 8, over: 3, turn: 0) == [3, 3, 2])
        #expect(WebhookClaim.shares(of: 8, over: 3, turn: 1) == [2, 3, 3])
        #expect(WebhookClaim.shares(of: 1, over: 3, turn: 2) == [0, 0, 1])
        #expect(WebhookClaim.shares(of: 0, over: 3, turn: 5) == [0, 0, 0])

        let harness = try await Harness()
        for _ in 0..<5 { _ = try await harness.finishedRun(partition: 0) }
        let lone = try await harness.finishedRun(partition: 2)
        var claimed: [String] = []
        for turn in 0..<3 {
            claimed += try await harness.store.claim(token: "t", lease: .seconds(30), limit: 1, turn: turn).deliveries.map(\.runID)
        }
        // Partition 0's five came first in line, yet partition 2's one is taken within three looks of one each.
        #expect(claimed.contains(lone))
        #expect(claimed.count == 2)
    }

    @Test func deadLettersAreListedAcrossPartitionsAndRedeliveredInTheirs() async throws {
        let harness = try await Harness()
        let keys = harness.fixture.keys
        var ids: [String] = []
        for partition in [0, 1, 2, 1] { ids.append(try await harness.finishedRun(partition: partition) + "_callback") }
        let claim = try await harness.store.claim(token: "t", lease: .seconds(30), limit: 10)
        #expect(claim.deliveries.count == 4)
        for delivery in claim.deliveries {
            #expect(try await harness.store.record(delivery, token: "t", outcome: .dead(statusCode: 410, error: "HTTP 410")))
        }
        var seen: [WebhookDelivery] = []
        var cursor: String?
        repeat {
            let page = try await harness.store.deadLetters(limit: 3, cursor: cursor)
            #expect(page.deliveries.count <= 3)
            seen += page.deliveries
            cursor = page.nextCursor
        } while cursor != nil && seen.count < 10
        #expect(seen.count == 4)
        #expect(Set(seen.map(\.id)) == Set(ids))
        let times = seen.compactMap(\.deadAt)
        #expect(times == times.sorted(by: >), "newest first")

        let second = ids[1]
        #expect(try await harness.store.redeliver(id: second) == .ok)
        #expect(try await harness.members(keys.partition(1).webhooksDue) == [second])
        #expect(try await harness.members(keys.partition(1).webhooksDead).contains(second) == false)
        #expect(try await harness.store.deadLetters().deliveries.count == 3)
        let again = try #require(try await harness.store.claim(token: "t", lease: .seconds(30), limit: 10).deliveries.first)
        #expect(again.id == second && again.attempts == 0)
    }

    @Test func aMissedOrStaleCopyIsReplacedAndAnOlderOneNeverWins() async throws {
        let harness = try await Harness()
        let keys = harness.fixture.keys
        let first = try await harness.store.addEndpoint(url: "https://first.example.com/")
        // Partition 2 missed the change (a primary down, or a partition new since N changed).
        _ = try await harness.fixture.send(RedisCommand("DEL", keys.partition(2).webhookEndpoints, keys.partition(2).webhookEndpointsVersion))
        #expect(try await harness.store.syncEndpoints() == 1)
        #expect(try await harness.copy(partition: 2) == [first])
        #expect(try await harness.store.syncEndpoints() == 0, "every copy is current")

        // A copy of an older version (a sync that read before a change and wrote after it) is refused.
        let version = try #require(try await harness.fixture.send(RedisCommand("GET", keys.webhookEndpointsVersion)).string)
        let stale = try await harness.client.run(WebhookScripts.endpointsCopy,
                                                 keys: [keys.partition(1).webhookEndpoints, keys.partition(1).webhookEndpointsVersion],
                                                 arguments: [String((Int64(version) ?? 1) - 1)])
        #expect(stale.int == 0)
        #expect(try await harness.copy(partition: 1) == [first])

        // Changed meanwhile with one partition (no copies: the version left from 3 partitions is bumped), then 3 partitions again.
        let single = try await Harness(partitions: 1, namespace: harness.fixture.namespace)
        #expect(try await single.store.removeEndpoint(id: first))
        let second = try await single.store.addEndpoint(url: "https://second.example.com/")
        #expect(try await harness.store.syncEndpoints() == 3)
        for partition in 0..<3 { #expect(try await harness.copy(partition: partition) == [second]) }

        #expect(try await harness.store.removeEndpoint(id: second))
        for partition in 0..<3 { #expect(try await harness.copy(partition: partition).isEmpty) }
        let quiet = try await harness.finishedRun(partition: 1, callback: nil)
        #expect(try await harness.members(keys.partition(1).webhooksDue).contains { $0.hasPrefix(quiet) } == false)
    }
}
