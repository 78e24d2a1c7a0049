import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Inbound hook deliveries with 3 partitions: a delivery is de-duplicated on the namespace's tag,
/// its runs enqueued each in its partition; runs a front left pending (it died between the two
/// steps) are enqueued by the maintainer's round, or at once by a redelivery, and never twice.
@Suite struct PartitionedHookTests {
    func withStore(_ body: (Store, QueueFixture) async throws -> Void) async throws {
        let fixture = try await QueueFixture(partitions: 3)
        let store = Store(configuration: StoreConfiguration(redis: fixture.configuration), operations: fixture.operations, connections: 1)
        do {
            try await body(store, fixture)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    /// One run made for each partition (a run id's last byte is its partition).
    func runs(_ fixture: QueueFixture) -> [NewRun] {
        (0..<3).map { partition in
            var run = fixture.newRun()
            run.id = RunID.make(partition: partition)
            run.trigger = RunTrigger(kind: .source, name: "github", delivery: "d-1", event: "push")
            return run
        }
    }

    func indexed(_ fixture: QueueFixture) async throws -> Int64 {
        var total: Int64 = 0
        for partition in fixture.keys.allPartitions { total += try await fixture.send(RedisCommand("ZCARD", partition.runsIndex)).int ?? 0 }
        return total
    }

    @Test func aDeliverysRunsAreQueuedInTheirPartitionsAndARedeliveryMakesNone() async throws {
        try await withStore { store, fixture in
            let runs = runs(fixture)
            guard case .created(let records) = try await store.hooks.accept(source: "github", deliveryID: "d-1", event: "push", runs: runs) else {
                Issue.record("the delivery was not created")
                return
            }
            #expect(records.map(\.id) == runs.map(\.id))
            #expect(records.allSatisfy { $0.status == .queued && $0.createdAt > 0 })
            for (partition, run) in runs.enumerated() {
                let home = fixture.keys.partition(partition)
                #expect(try await fixture.send(RedisCommand("HGET", home.prefix + "run:" + run.id, "status")).string == "queued")
            }
            #expect(try await fixture.send(RedisCommand("HLEN", fixture.keys.hooksPending)).int == 0)
            #expect(try await fixture.send(RedisCommand("LLEN", fixture.keys.partitionedSignal(queue: Pipeline.defaultQueue))).int ?? 0 >= 1)

            // The provider redelivers (with runs made afresh, as a front would): the first runs, no new one.
            let again = try await store.hooks.accept(source: "github", deliveryID: "d-1", event: "push", runs: self.runs(fixture))
            #expect(again == .duplicate(runIDs: runs.map(\.id), filtered: false))
            #expect(try await indexed(fixture) == 3)
            let deliveries = try await store.hooks.deliveries(source: "github", limit: 10)
            #expect(deliveries.map(\.outcome) == ["duplicate", "created"])
            #expect(deliveries.allSatisfy { $0.runs == runs.map(\.id) })
            #expect(try await store.hooks.counts(sources: ["github"])["github"] == ["created": 1, "duplicate": 1])

            // Every run of the delivery is claimed, from whichever partition holds it.
            let claimed = try await fixture.blocking { queue in
                try (0..<3).compactMap { _ in try queue.claim(worker: "w", lease: .seconds(30))?.record.id }
            }
            #expect(Set(claimed) == Set(runs.map(\.id)))
        }
    }

    /// A run of a pipeline with concurrency rules goes to its pipeline's partition, where its slots are.
    @Test func aRunWithConcurrencyRulesGoesToItsPipelinesPartition() async throws {
        try await withStore { store, fixture in
            let file = try PipelineFileLoader.load(yaml: """
                pipelines:
                  serial:
                    concurrency: [{limit: 1}]
                    steps: {a: {run: [x]}}
                """, path: "/tmp/serial.yaml")
            let pipeline = try #require(file.pipeline(named: "serial"))
            let parameters = try pipeline.resolve(TriggerValues()).get()
            let made = (0..<4).map { _ in NewRun(pipeline: pipeline, parameters: parameters) }
            guard case .created(let records) = try await store.hooks.accept(source: "s", deliveryID: "d-serial", event: nil, runs: made) else {
                Issue.record("the delivery was not created")
                return
            }
            let home = fixture.keys.partitions.partition(forKey: "pipeline:serial")
            #expect(records.allSatisfy { fixture.keys.partitions.partition(ofRunID: $0.id) == home })
            #expect(try await fixture.send(RedisCommand("ZCARD", fixture.keys.partition(home).runsIndex)).int == 4)
            // One holds the slot, the others wait for it (as with one partition).
            let claimed = try await fixture.blocking { queue in
                try (0..<4).compactMap { _ in try queue.claim(worker: "w", lease: .seconds(30))?.record.id }
            }
            #expect(claimed.count == 1)
        }
    }

    /// What a front that dies after the first step leaves: the maintainer's round enqueues it,
    /// once; the entry written again (a lost answer, a second maintainer) changes nothing.
    @Test func runsLeftPendingAreEnqueuedOnceByTheMaintainer() async throws {
        try await withStore { store, fixture in
            let runs = runs(fixture)
            guard case .created = try await store.hooks.recordPending(source: "github", deliveryID: "d-1", event: "push", runs: runs) else {
                Issue.record("the delivery was not recorded")
                return
            }
            let pending = try await fixture.send(RedisCommand("HGETALL", fixture.keys.hooksPending)).hashFields
            #expect(Set(pending.keys) == Set(runs.map(\.id)))
            #expect(try await fixture.blocking { try $0.run(id: runs[0].id) } == nil)

            _ = try await fixture.blocking { try $0.maintain() }
            for run in runs {
                let record = try #require(try await fixture.blocking { try $0.run(id: run.id) })
                #expect(record.status == .queued && record.trigger.delivery == "d-1")
            }
            #expect(try await fixture.send(RedisCommand("HLEN", fixture.keys.hooksPending)).int == 0)
            #expect(try await fixture.send(RedisCommand("LLEN", fixture.keys.partitionedSignal(queue: Pipeline.defaultQueue))).int ?? 0 >= 1)

            // A run claimed, then its entry back: refused, removed, nothing queued again.
            let claimed = try #require(try await fixture.blocking { try $0.claim(worker: "w", lease: .seconds(30))?.record.id })
            for (id, kept) in pending { _ = try await fixture.send(RedisCommand("HSET", fixture.keys.hooksPending, id, kept)) }
            _ = try await fixture.blocking { try $0.maintain() }
            #expect(try await fixture.send(RedisCommand("HLEN", fixture.keys.hooksPending)).int == 0)
            #expect(try await indexed(fixture) == 3)
            #expect(try await fixture.blocking { try $0.run(id: claimed)?.status } == .running)
            // The redelivery answers the same runs.
            #expect(try await store.hooks.accept(source: "github", deliveryID: "d-1", event: "push", runs: self.runs(fixture))
                    == .duplicate(runIDs: runs.map(\.id), filtered: false))
        }
    }

    /// A redelivery of a delivery whose front died between the steps enqueues its runs at once.
    @Test func aRedeliveryEnqueuesWhatItsFirstFrontLeftPending() async throws {
        try await withStore { store, fixture in
            let runs = runs(fixture)
            _ = try await store.hooks.recordPending(source: "github", deliveryID: "d-1", event: "push", runs: runs)
            #expect(try await store.hooks.accept(source: "github", deliveryID: "d-1", event: "push", runs: self.runs(fixture))
                    == .duplicate(runIDs: runs.map(\.id), filtered: false))
            #expect(try await fixture.send(RedisCommand("HLEN", fixture.keys.hooksPending)).int == 0)
            for run in runs { #expect(try await fixture.blocking { try $0.run(id: run.id)?.status } == .queued) }
            #expect(try await indexed(fixture) == 3)
        }
    }

    /// A delivery no route matched keeps nothing pending, and is a duplicate when sent again.
    @Test func aFilteredDeliveryKeepsNothingPending() async throws {
        try await withStore { store, fixture async throws in
            #expect(try await store.hooks.accept(source: "github", deliveryID: "d-f", event: "push", runs: []) == .filtered)
            #expect(try await store.hooks.accept(source: "github", deliveryID: "d-f", event: "push", runs: [])
                    == .duplicate(runIDs: [], filtered: true))
            #expect(try await fixture.send(RedisCommand("EXISTS", fixture.keys.hooksPending)).int == 0)
        }
    }
}
