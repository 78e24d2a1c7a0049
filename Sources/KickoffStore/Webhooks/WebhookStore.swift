import Foundation
public import KickoffModel
public import RedisClient

/// Webhooks in Redis, async over the non-blocking `RedisClient`: for the front and the CLI, dead
/// letters and redelivery, a run's attempts, endpoints; for the deliverers, the outbox
/// (`WebhookStore+Outbox.swift`).
public final class WebhookStore: Sendable {
    let client: StoreClient
    public let operations: QueueOperations

    public init(client: RedisClient, operations: QueueOperations) {
        self.client = StoreClient(redis: client)
        self.operations = operations
    }

    var keys: StoreKeys { operations.keys }

    func send(_ command: RedisCommand) async throws(WebhookStoreError) -> RedisReply {
        try await WebhookStoreError.wrap { () async throws(StoreError) in try await client.send(command) }
    }

    // MARK: Dead letters

    /// Dead letters, newest first. `cursor` is the `nextCursor` of the previous page (nil: the first).
    /// With partitions, every partition's, merged (the cursor is a position in time, valid in each).
    public func deadLetters(limit: Int = 50, cursor: String? = nil) async throws(WebhookStoreError) -> WebhookDeadLetterPage {
        let limit = max(1, min(limit, 1000))
        let position = cursor.flatMap(DeadLetterCursor.init)
        let maximum = position.map { String($0.deadAt) } ?? "+inf"
        var entries: [(partition: Int, at: DeadLetterCursor)] = []
        for result in await eachPartition({ (place, index) async throws(WebhookStoreError) -> [(partition: Int, at: DeadLetterCursor)] in
            // Entries at the cursor's own time are filtered below, so fetch a margin beyond the page.
            let reply = try await self.send(RedisCommand("ZREVRANGEBYSCORE", place.webhooksDead, maximum, "-inf", "WITHSCORES", "LIMIT", 0,
                                                         limit + 101))
            var entries: [(partition: Int, at: DeadLetterCursor)] = []
            for (id, score) in reply.pairs {
                guard let deadAt = Double(score).map({ Int64($0) }) else { continue }
                // Same-time entries come in descending id order: skip those up to the cursor's.
                if let position, deadAt == position.deadAt, id >= position.id {} else { entries.append((index, DeadLetterCursor(id: id, deadAt: deadAt))) }
            }
            return entries
        }) {
            entries += try result.get()
        }
        entries.sort { ($0.at.deadAt, $0.at.id) > ($1.at.deadAt, $1.at.id) }
        let page = Array(entries.prefix(limit))
        var found: [String: WebhookDelivery] = [:]
        for result in await eachPartition({ (place, index) async throws(WebhookStoreError) -> [WebhookDelivery] in
            let ids = page.filter { $0.partition == index }.map { $0.at.id }
            guard !ids.isEmpty else { return [] }
            let hashes = try await WebhookStoreError.wrap { () async throws(StoreError) in
                try await self.client.pipeline(ids.map { RedisCommand("HGETALL", place.webhookDelivery($0)) })
            }
            var deliveries: [WebhookDelivery] = []
            for hash in hashes where !(hash.array ?? []).isEmpty {
                deliveries.append(try WebhookDelivery(hash: hash))
            }
            return deliveries
        }) {
            for delivery in try result.get() { found[delivery.id] = delivery }
        }
        let next = entries.count > limit ? page.last.map { $0.at.text } : nil
        return WebhookDeadLetterPage(deliveries: page.compactMap { found[$0.at.id] }, nextCursor: next)
    }

    /// Puts a dead letter (or a delivered one) back in line now, attempts counted from 0 again.
    public func redeliver(id: String) async throws(WebhookStoreError) -> WebhookRedeliverResult {
        // An id of another shape names no delivery, and never reaches a key.
        guard WebhookDeliveryID.isValid(id) else { return .missing }
        // The delivery's partition: its run's (the namespace's own with one partition).
        let place = keys.forRun(WebhookDeliveryID.runID(of: id) ?? id)
        let reply = try await WebhookStoreError.wrap { () async throws(StoreError) in
            try await client.run(WebhookScripts.redeliver, keys: [place.webhookDelivery(id), place.webhooksDead, place.webhooksDue], arguments: [id])
        }
        guard let word = reply.string, let result = WebhookRedeliverResult(rawValue: word) else {
            throw .unreadable(id: id, reason: "unexpected reply \(reply)")
        }
        return result
    }

    /// One delivery, nil when unknown or expired.
    public func delivery(id: String) async throws(WebhookStoreError) -> WebhookDelivery? {
        guard WebhookDeliveryID.isValid(id) else { return nil }
        let reply = try await send(RedisCommand("HGETALL", keys.webhookDelivery(id)))
        guard !(reply.array ?? []).isEmpty else { return nil }
        return try WebhookDelivery(hash: reply)
    }

    // MARK: A run's attempts

    /// Every attempt for the run's webhooks, oldest first: the run object's `webhook_deliveries`
    /// (in the run's partition).
    public func deliveries(runID: String) async throws(WebhookStoreError) -> [WebhookAttempt] {
        WebhookAttempt.decode(try await send(RedisCommand("LRANGE", keys.webhookAttempts(runID: runID), 0, -1)))
    }
}

public struct WebhookDeadLetterPage: Sendable {
    public var deliveries: [WebhookDelivery]
    /// Pass to `deadLetters(cursor:)` for the next page; nil on the last one.
    public var nextCursor: String?
}

public enum WebhookRedeliverResult: String, Sendable, Hashable {
    /// Back in line: it goes out within a moment.
    case ok
    /// No such delivery (or it expired).
    case missing
    /// It is pending or being sent already.
    case busy
}

/// `<dead at ms>.<delivery id>`: a position in the dead-letter zset that survives removals.
struct DeadLetterCursor {
    var id: String
    var deadAt: Int64

    init(id: String, deadAt: Int64) {
        self.id = id
        self.deadAt = deadAt
    }

    init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let deadAt = Int64(parts[0]) else { return nil }
        self.init(id: String(parts[1]), deadAt: deadAt)
    }

    var text: String { "\(deadAt).\(id)" }
}
