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
    public func indexEntries(pipeline: String?, maximumScore: Int64?, offset: Int, count: Int) async throws(StoreError) -> [IndexEntry] {
        let keys = operations.keys
        let index = pipeline.map(keys.pipelineIndex) ?? keys.runsIndex
        let maximum = maximumScore.map { String($0) } ?? "+inf"
        let reply = try await client.send(RedisCommand("ZREVRANGEBYSCORE", index, maximum, "-inf", "WITHSCORES", "LIMIT", offset, count))
        return reply.pairs.compactMap { id, score in Double(score).map { IndexEntry(id: id, score: Int64($0)) } }
    }

    /// The records of `ids` in one round trip, in order; nil for a run that is gone or unreadable.
    public func records(ids: [String]) async throws(StoreError) -> [RunRecord?] {
        guard !ids.isEmpty else { return [] }
        let commands = ids.flatMap { StoredRun.commands(keys: operations.keys, id: $0) }
        let replies = try await client.pipeline(commands)
        try StoreError.decoding { () throws(RedisError) in try StoredRun.check(replies, of: commands) }
        return ids.indices.map { index in
            try? StoredRun.record(id: ids[index], hash: replies[2 * index], packed: replies[2 * index + 1])
        }
    }

    /// The newest run in the index, for a list page to hand to its live stream (read before its runs).
    public func newestRunID() async throws(StoreError) -> String? {
        try await client.send(RedisCommand("ZREVRANGE", operations.keys.runsIndex, 0, 0)).array?.first?.string
    }
}
