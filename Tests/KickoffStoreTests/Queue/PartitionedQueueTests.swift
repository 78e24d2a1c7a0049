import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The queue with runs spread over 3 partitions (`KICKOFF_PARTITIONS=3`) on one Redis: each run's
/// keys in its partition's hash tag, every state change there; claims across partitions, fair and
/// woken at once; listing, cancel and purge across them. (The same on a real cluster:
/// `PartitionedClusterTests`.)
@Suite struct PartitionedQueueTests {
    static func run(_ fixture: QueueFixture, partition: Int, delay: Duration = .zero) -> NewRun {
        var run = fixture.newRun(steps: ["a"], delay: delay)
        run.id = RunID.make(partition: partition)
        return run
    }

    static func store(_ fixture: QueueFixture) -> RunStore {
        RunStore(client: RedisClient(configuration: fixture.configuration, connectionCount: 1), operations: fixture.operations)
    }

    @Test func theKeysAreNamedAsBeforeWithOnePartition() {
        let keys = StoreKeys(namespace: "kickoff")
        let id = RunID.make(partition: 2)
        #expect(keys.run(id) == "{kickoff}:run:" + id)
        #expect(keys.forRun(id).prefix == "{kickoff}:")
        #expect(keys.partition(2).prefix == "{kickoff}:")
        #expect(keys.allPartitions.map(\.prefix) == ["{kickoff}:"])
        let partitioned = StoreKeys(namespace: "kickoff", partitions: RunPartitions(count: 3))
        #expect(partitioned.run(id) == "{kickoff:2}:run:" + id)
        #expect(partitioned.logs(id) == "{kickoff:2}:logs:" + id)
        #expect(partitioned.events(id) == "{kickoff:2}:events:" + id)
        #expect(partitioned.history(id) == "{kickoff:2}:history:" + id)
        #expect(partitioned.allPartitions.map(\.prefix) == ["{kickoff:0}:", "{kickoff:1}:", "{kickoff:2}:"])
        #expect(partitioned.apiKeys == "{kickoff}:keys")
        #expect(partitioned.partitionedSignal(queue: "gpu") == "{kickoff}:partitions:signal:gpu")
    }

    @Test func aRunLivesAndEndsInItsPartition() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        let runs = (0..<3).map { Self.run(fixture, partition: $0) }
        for run in runs { try await fixture.blocking { try $0.enqueue(run) } }
        for (partition, run) in runs.enumerated() {
            let home = fixture.keys.partition(partition)
            #expect(try await fixture.send(RedisCommand("EXISTS", home.prefix + "run:" + run.id)).int == 1)
            #expect(try await fixture.send(RedisCommand("EXISTS", "{\(fixture.namespace)}:run:" + run.id)).int == 0)
            #expect(try await fixture.send(RedisCommand("ZSCORE", home.runsIndex, run.id)).string != nil)
        }
        let ended = try await fixture.blocking { queue in
            var ended: [String] = []
            while let claimed = try queue.claim(worker: "w", lease: .seconds(30)) {
                _ = try queue.recordStep(claimed, state: StepState(name: "a", status: .running, startedAt: 1), event: "step.started")
                _ = try queue.heartbeat(claimed, lease: .seconds(30))
                #expect(try queue.finish(claimed, status: .succeeded, outputs: nil, error: nil,
                                         ended: EndedStep(state: StepState(name: "a", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0),
                                                          event: "step.succeeded", log: "log of \(claimed.record.id)\n")) == .ok)
                ended.append(claimed.record.id)
            }
            return ended
        }
        #expect(Set(ended) == Set(runs.map(\.id)))
        let store = Self.store(fixture)
        for run in runs {
            #expect(try await store.run(id: run.id)?.status == .succeeded)
            #expect(try await store.logs(id: run.id)["a"] == "log of \(run.id)\n")
            #expect(try await store.events(id: run.id).map(\.type) == ["run.queued", "run.running", "step.started", "step.succeeded", "run.succeeded"])
        }
    }

    /// A worker's claims rotate over the partitions: a run alone in a partition is taken within N
    /// claims although another partition has many.
    @Test func aClaimRotatesOverThePartitionsSoNoneStarves() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        for _ in 0..<10 { try await fixture.blocking { try $0.enqueue(Self.run(fixture, partition: 0)) } }
        let lonely = Self.run(fixture, partition: 2)
        try await fixture.blocking { try $0.enqueue(lonely) }
        let first = try await fixture.blocking { queue in
            try (0..<3).compactMap { _ in try queue.claim(worker: "w", lease: .seconds(30))?.record.id }
        }
        #expect(first.count == 3)
        #expect(first.contains(lonely.id))
    }

    /// An idle worker waits on the namespace's list for its queue; a run stored in any partition by
    /// the store puts a token there, and the worker's wait-then-claim takes the run.
    @Test func anIdleWorkerIsWokenByARunInAnyPartition() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        let store = Self.store(fixture)
        let signal = fixture.keys.partitionedSignal(queue: Pipeline.defaultQueue)
        var stored: [String] = []
        for partition in [2, 1] {
            let record = try await store.enqueue(Self.run(fixture, partition: partition))
            #expect(record.status == .queued)
            #expect(fixture.keys.partitions.partition(ofRunID: record.id) == partition)
            stored.append(record.id)
        }
        #expect(try await fixture.send(RedisCommand("LLEN", signal)).int == 2)
        let claimed = try await fixture.blocking { queue in
            try (0..<2).compactMap { _ in
                try queue.claimAfterWaiting(worker: "w", timeout: .seconds(60), waitQueues: [Pipeline.defaultQueue], lease: .seconds(30))?.record.id
            }
        }
        #expect(Set(claimed) == Set(stored))
        #expect(try await fixture.send(RedisCommand("LLEN", signal)).int == 0)
    }

    /// A claim that leaves runs in line in its partition passes a wake-up on to another idle worker.
    @Test func aClaimThatLeavesRunsInLineWakesAnotherWorker() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        for _ in 0..<2 { try await fixture.blocking { try $0.enqueue(Self.run(fixture, partition: 1)) } }  // no token: blocking enqueue
        let signal = fixture.keys.partitionedSignal(queue: Pipeline.defaultQueue)
        #expect(try await fixture.send(RedisCommand("LLEN", signal)).int == 0)
        _ = try await fixture.blocking { try $0.claim(worker: "w1", lease: .seconds(30)) }
        #expect(try await fixture.send(RedisCommand("LLEN", signal)).int == 1)
        _ = try await fixture.blocking { try $0.claim(worker: "w2", lease: .seconds(30)) }
        #expect(try await fixture.send(RedisCommand("LLEN", signal)).int == 1)  // nothing left: no new token
    }

    /// Maintenance runs in every partition: a due delayed run is put in line, and idle workers are woken.
    @Test func maintenancePromotesDueRunsOfEveryPartition() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        let delayed = Self.run(fixture, partition: 2, delay: .milliseconds(1))
        try await fixture.blocking { try $0.enqueue(delayed) }
        try await Eventually.poll("the delayed run is due and promoted", deadline: .seconds(10)) {
            try await fixture.blocking { try $0.maintain().promoted } == 1
        }
        #expect(try await fixture.send(RedisCommand("LLEN", fixture.keys.partitionedSignal(queue: Pipeline.defaultQueue))).int == 1)
        #expect(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30))?.record.id } == delayed.id)
    }

    /// A run whose lease ran out is reclaimed by the maintenance of its partition.
    @Test func maintenanceReclaimsExpiredLeasesOfEveryPartition() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        let run = Self.run(fixture, partition: 1)
        try await fixture.blocking { try $0.enqueue(run) }
        _ = try await fixture.blocking { try $0.claim(worker: "w", lease: .milliseconds(1)) }
        try await Eventually.poll("the expired lease is reclaimed", deadline: .seconds(10)) {
            try await fixture.blocking { try $0.maintain().reclaimed } == 1
        }
        #expect(try await fixture.blocking { try $0.run(id: run.id)?.status } == .queued)
    }

    /// The per-minute history's queue samples: the maintainer takes each partition's once a minute,
    /// and the history adds them up.
    @Test func theHistorySamplesEveryPartitionsQueues() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        for partition in [0, 1, 1, 2] { try await fixture.blocking { try $0.enqueue(Self.run(fixture, partition: partition)) } }
        _ = try await fixture.blocking { try $0.maintain() }
        let store = Store(configuration: StoreConfiguration(redis: fixture.configuration), operations: fixture.operations, connections: 1)
        let now = try await store.time()
        let minutes = try await store.fleet.history(since: now - 120_000, until: now + 60_000)
        await store.shutdown()
        #expect(minutes.contains { $0.depth[Pipeline.defaultQueue] == 4 }, "\(minutes)")
    }

    @Test func theListGathersEveryPartitionNewestFirst() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        var ids: [String] = []
        for index in 0..<9 {
            let run = Self.run(fixture, partition: index % 3)
            try await fixture.blocking { try $0.enqueue(run) }
            ids.append(run.id)
        }
        let store = Self.store(fixture)
        let all = try await store.indexEntries(pipeline: nil, maximumScore: nil, offset: 0, count: 100)
        #expect(Set(all.map(\.id)) == Set(ids))
        #expect(all == all.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id })
        var paged: [RunStore.IndexEntry] = []
        for page in 0..<3 { paged += try await store.indexEntries(pipeline: "demo", maximumScore: nil, offset: page * 4, count: 4) }
        #expect(paged == all)
        let records = try await store.records(ids: all.map(\.id))
        #expect(records.map { $0?.id } == all.map(\.id))
        #expect(try await store.newestRunID() == all.first?.id)
    }

    @Test func cancelAndPurgeReachEveryPartition() async throws {
        let fixture = try await QueueFixture(partitions: 3)
        let store = Self.store(fixture)
        let runs = (0..<3).map { Self.run(fixture, partition: $0) }
        for run in runs { _ = try await store.enqueue(run) }
        for run in runs { #expect(try await store.cancel(id: run.id) == .canceled) }
        let result = try await store.purge(olderThan: .seconds(-60))
        #expect(result.matched == 3)
        for run in runs { #expect(try await store.run(id: run.id) == nil) }
    }
}
