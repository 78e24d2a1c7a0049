public import KickoffModel
import RedisClient

extension RunStore {
    /// One entry of a runs index: a run id and its creation time (ms), the index's score.
    public struct IndexEntry: Sendable, Hashable {
        public var id: String
        public var score: Int64
    }

    /// Entries of the runs index (or of `pipeline`'s), newest first, with a score of at most
    /// `maximumScore` (nil: any), skipping the first `offset`. Members of equal score come in
    /// descending id order.
    /// With partitions, each partition's index gives its first `offset + count`, merged in that order.
    public func indexEntries(pipeline: String?, maximumScore: Int64?, offset: Int, count: Int) async throws(StoreError) -> [IndexEntry] {
        let maximum = maximumScore.map { String($0) } ?? "+inf"
        let partitions = operations.keys.allPartitions
        let (start, length) = partitions.count == 1 ? (offset, count) : (0, offset + count)
        let replies = try await pipelineByPartition(partitions.enumerated().map { partition, keys in
            (partition: partition, command: RedisCommand("ZREVRANGEBYSCORE", pipeline.map(keys.pipelineIndex) ?? keys.runsIndex, maximum, "-inf",
                                                         "WITHSCORES", "LIMIT", start, length))
        })
        var entries: [IndexEntry] = []
        for reply in replies {
            if case .error(let message) = reply { throw StoreError(.server(command: "ZREVRANGEBYSCORE", message: message)) }
            entries += reply.pairs.compactMap { id, score in Double(score).map { IndexEntry(id: id, score: Int64($0)) } }
        }
        guard partitions.count > 1 else { return entries }
        entries.sort { $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id }
        return Array(entries.dropFirst(offset).prefix(count))
    }

    /// The records of `ids` in one round trip, in order; nil for a run that is gone or unreadable.
    public func records(ids: [String]) async throws(StoreError) -> [RunRecord?] {
        guard !ids.isEmpty else { return [] }
        let keys = operations.keys
        // Two commands per run (`StoredRun`: its hash, its packed form), each pair on its partition.
        let commands = ids.flatMap { id in
            StoredRun.commands(keys: keys, id: id).map { (partition: keys.partitions.partition(ofRunID: id), command: $0) }
        }
        let replies = try await pipelineByPartition(commands)
        try StoreError.decoding { () throws(RedisError) in try StoredRun.check(replies, of: commands.map(\.command)) }
        return ids.indices.map { index in
            try? StoredRun.record(id: ids[index], hash: replies[2 * index], packed: replies[2 * index + 1])
        }
    }

    /// The newest run in the index, for a list page to hand to its live stream (read before its runs).
    public func newestRunID() async throws(StoreError) -> String? {
        let partitions = operations.keys.allPartitions
        guard partitions.count > 1 else {
            return try await client.send(RedisCommand("ZREVRANGE", operations.keys.runsIndex, 0, 0)).array?.first?.string
        }
        return try await indexEntries(pipeline: nil, maximumScore: nil, offset: 0, count: 1).first?.id
    }
}
