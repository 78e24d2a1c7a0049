import Foundation
import KickoffModel
import Testing

/// Which partition holds a run (`RunPartitions`): from its id, from its pipeline, from an idempotency key.
@Suite struct RunPartitionsTests {
    @Test func anIDMadeForAPartitionTellsIt() {
        let partitions = RunPartitions(count: 3)
        for partition in 0..<3 {
            for _ in 0..<50 {
                let id = RunID.make(partition: partition)
                #expect(RunID.isValid(id))
                #expect(partitions.partition(ofRunID: id) == partition)
                #expect(id.hasSuffix(String(format: "%02x", partition)))
            }
        }
    }

    @Test func theIDStaysAUUIDv7AndTimeOrdered() {
        let earlier = RunID.make(now: Date(timeIntervalSince1970: 1_000), partition: 2)
        let later = RunID.make(now: Date(timeIntervalSince1970: 2_000), partition: 0)
        #expect(earlier < later)
        let version = earlier[earlier.index(earlier.startIndex, offsetBy: 14)]
        #expect(version == "7")
        let variant = earlier[earlier.index(earlier.startIndex, offsetBy: 19)]
        #expect("89ab".contains(variant))
    }

    /// The documented rule for ids whose last byte is not below N: made before partitions, or with a
    /// larger N. Anything else (not an id) reads as partition 0.
    @Test func anIDBeyondNMapsByItsLastByteModuloN() {
        let partitions = RunPartitions(count: 3)
        #expect(partitions.partition(ofRunID: "0190a3c2-7d1e-7abc-8def-0123456789ff") == 255 % 3)
        #expect(partitions.partition(ofRunID: "0190a3c2-7d1e-7abc-8def-012345678904") == 1)
        #expect(partitions.partition(ofRunID: "not an id") == 0)
        #expect(partitions.partition(ofRunID: "") == 0)
        #expect(RunPartitions(count: 1).partition(ofRunID: "0190a3c2-7d1e-7abc-8def-012345678902") == 0)
    }

    @Test func theCountIsClamped() {
        #expect(RunPartitions(count: 0).count == 1)
        #expect(RunPartitions(count: 1000).count == RunPartitions.maximum)
        #expect(RunPartitions().isSingle)
    }

    /// The same key, the same partition, in any process (no per-process hash seed); keys spread.
    @Test func aKeyAlwaysHasTheSamePartitionAndKeysSpread() {
        let partitions = RunPartitions(count: 3)
        #expect(partitions.partition(forKey: "idempotency:ci:abc") == partitions.partition(forKey: "idempotency:ci:abc"))
        // FNV-1a of fixed text: a change of the function would move every stored idempotency key.
        #expect(partitions.partition(forKey: "a") == Int(0xaf63_dc4c_8601_ec8c as UInt64 % 3))
        let seen = Set((0..<100).map { partitions.partition(forKey: "key-\($0)") })
        #expect(seen == [0, 1, 2])
        #expect(RunPartitions(count: 1).partition(forKey: "anything") == 0)
    }

    @Test func aTriggerWithAnIdempotencyKeyGoesToTheKeysPartition() {
        let partitions = RunPartitions(count: 4)
        let run = NewRun(pipeline: "build", parameters: [:], stepNames: ["a"])
        let placed = run.placed(in: partitions, idempotencyKey: "ci:digest-1")
        #expect(partitions.partition(ofRunID: placed.id) == partitions.partition(forKey: "idempotency:ci:digest-1"))
        // Placing again (the store does, without the key) keeps it where it is.
        #expect(placed.placed(in: partitions).id == placed.id)
        let again = NewRun(pipeline: "build", parameters: [:], stepNames: ["a"]).placed(in: partitions, idempotencyKey: "ci:digest-1")
        #expect(partitions.partition(ofRunID: again.id) == partitions.partition(ofRunID: placed.id))
    }

    @Test func runsOfAPipelineWithConcurrencyOrDebounceShareAPartition() {
        let partitions = RunPartitions(count: 5)
        var found: Set<Int> = []
        for index in 0..<40 {
            var run = NewRun(pipeline: "deploy", parameters: [:], stepNames: ["a"])
            run.concurrency = [ConcurrencySlot(slot: "deploy:env:prod", key: "env", limit: 1, onLimit: .queue)]
            // A grouped pipeline wins over an idempotency key: runs sharing a slot share a partition.
            found.insert(partitions.partition(ofRunID: run.placed(in: partitions, idempotencyKey: index.isMultiple(of: 2) ? "k\(index)" : nil).id))
        }
        #expect(found.count == 1)
    }

    @Test func withOnePartitionNothingChanges() {
        let run = NewRun(pipeline: "build", parameters: [:], stepNames: ["a"])
        #expect(run.placed(in: RunPartitions(), idempotencyKey: "ci:x").id == run.id)
    }

    @Test func otherRunsSpreadOverEveryPartition() {
        let partitions = RunPartitions(count: 3)
        let seen = Set((0..<200).map { _ in
            partitions.partition(ofRunID: NewRun(pipeline: "build", parameters: [:], stepNames: ["a"]).placed(in: partitions).id)
        })
        #expect(seen == [0, 1, 2])
    }
}
