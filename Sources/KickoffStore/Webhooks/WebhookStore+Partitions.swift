import KickoffModel

/// With partitions (N > 1) the outbox is one per partition, each in the partition of its runs
/// (`StoreKeys+Webhooks`): what reads or claims across them asks each partition (on a cluster, each
/// its own primary) concurrently, and gathers.
extension WebhookStore {
    /// `body` for every partition's keys (the namespace's own with one partition) at once; the
    /// results in partition order.
    func eachPartition<T: Sendable>(_ body: @escaping @Sendable (StoreKeys, Int) async throws(WebhookStoreError) -> T) async
        -> [Result<T, WebhookStoreError>] {
        let places = keys.allPartitions
        return await withTaskGroup(of: (Int, Result<T, WebhookStoreError>).self) { group in
            for (index, place) in places.enumerated() {
                group.addTask {
                    do throws(WebhookStoreError) { return (index, .success(try await body(place, index))) } catch { return (index, .failure(error)) }
                }
            }
            var results: [Int: Result<T, WebhookStoreError>] = [:]
            for await (index, result) in group { results[index] = result }
            return places.indices.compactMap { results[$0] }
        }
    }
}

extension WebhookClaim {
    /// `limit` shared out over `count` partitions: evenly, the remainder one each to the partitions
    /// from `turn` on (wrapping), so that with a limit below N every partition gets a share within N
    /// turns.
    static func shares(of limit: Int, over count: Int, turn: Int) -> [Int] {
        guard count > 0 else { return [] }
        let first = ((turn % count) + count) % count
        return (0..<count).map { index in
            limit / count + (((index - first + count) % count) < limit % count ? 1 : 0)
        }
    }

    /// The partitions' claims as one: their deliveries (from partition `turn` on), the soonest next
    /// due time, the sum of requeued ones; those that failed in `unavailable`. Throws when none answered.
    init(gathering results: [Result<WebhookClaim, WebhookStoreError>], turn: Int) throws(WebhookStoreError) {
        let count = results.count
        let first = count > 0 ? ((turn % count) + count) % count : 0
        var gathered = WebhookClaim(deliveries: [], nextDueIn: nil, requeued: 0)
        var answered = false
        for offset in 0..<count {
            switch results[(first + offset) % count] {
            case .success(let claim):
                answered = true
                gathered.deliveries += claim.deliveries
                gathered.requeued += claim.requeued
                if let next = claim.nextDueIn { gathered.nextDueIn = min(gathered.nextDueIn ?? next, next) }
            case .failure(let error):
                gathered.unavailable.append(error)
            }
        }
        if !answered, let error = gathered.unavailable.first { throw error }
        self = gathered
    }
}
