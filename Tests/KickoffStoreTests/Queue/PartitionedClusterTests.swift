import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `KICKOFF_PARTITIONS=3` on the real local cluster `scripts/test` starts (3 primaries + 3
/// replicas): the keys of 300 runs land on all three primaries, the list gathers them all, and a
/// pool of workers drains runs from every partition.
@Suite(.serialized) struct PartitionedClusterTests {
    @Test func theKeysOf300RunsLandOnEveryPrimaryAndAPoolDrainsThemAll() async throws {
        let cluster = try await TestRedisCluster.shared()
        let shards = try await cluster.shards()
        #expect(Set(shards.map(\.primary)).count == 3)
        let fixture = try await QueueFixture(configuration: cluster.configuration(), partitions: 3, namespace: try await cluster.namespaceOnDistinctPrimaries(partitions: 3))
        let client = RedisClient(configuration: fixture.configuration, connectionCount: 2)
        defer { Task { await client.shutdown() } }
        let store = RunStore(client: client, operations: fixture.operations)

        var ids: [String] = []
        for _ in 0..<300 { ids.append(try await store.enqueue(fixture.newRun(steps: ["a"])).id) }
        let partitions = fixture.keys.partitions
        let byPartition = Dictionary(grouping: ids) { partitions.partition(ofRunID: $0) }
        #expect(Set(byPartition.keys) == [0, 1, 2])

        // Each run's record is on the primary serving its partition's slot, as the cluster says
        // (CLUSTER KEYSLOT; asked of the node itself, without redirects); every primary holds some.
        var primaries: Set<Int> = []
        for (partition, members) in byPartition {
            let home = fixture.keys.partition(partition)
            let slot = try #require(try await cluster.command(port: shards[0].primary, RedisCommand("CLUSTER", "KEYSLOT", home.runsIndex)).int)
            #expect(Int(slot) == KeySlot.of(home.prefix))
            let owner = try #require(shards.first { $0.slots.contains(Int(slot)) }?.primary)
            primaries.insert(owner)
            for id in members {
                #expect(try await cluster.command(port: owner, RedisCommand("EXISTS", home.prefix + "run:" + id)).int == 1)
            }
            let inSlot = try #require(try await cluster.command(port: owner, RedisCommand("CLUSTER", "COUNTKEYSINSLOT", slot)).int)
            #expect(Int(inSlot) >= members.count)
            #expect(try await cluster.command(port: owner, RedisCommand("ZCARD", home.runsIndex)).int == Int64(members.count))
        }
        #expect(primaries.count == 3)

        // The list gathers every partition, newest first.
        let listed = try await store.indexEntries(pipeline: nil, maximumScore: nil, offset: 0, count: 1000)
        #expect(listed.count == 300)
        #expect(Set(listed.map(\.id)) == Set(ids))
        #expect(try await store.records(ids: Array(listed.prefix(50).map(\.id))).allSatisfy { $0?.status == .queued })

        // Three workers (threads with a blocking connection each) until nothing is left.
        let claimed = try await withThrowingTaskGroup(of: [Int].self) { group in
            for worker in 0..<3 {
                group.addTask {
                    try await fixture.blocking { queue in
                        var partitionsClaimed: [Int] = []
                        while let run = try queue.claim(worker: "pool/\(worker)", lease: .seconds(60)) {
                            _ = try queue.finish(run, status: .succeeded, outputs: nil, error: nil)
                            partitionsClaimed.append(partitions.partition(ofRunID: run.record.id))
                        }
                        return partitionsClaimed
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(claimed.count == 300)
        #expect(Set(claimed) == [0, 1, 2])
        let records = try await store.records(ids: ids)
        #expect(records.allSatisfy { $0?.status == .succeeded })

        let purged = try await store.purge(olderThan: .seconds(-60))
        #expect(purged.matched == 300)
    }
}
