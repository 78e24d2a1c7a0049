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

    private func send(_ command: RedisCommand) async throws(WebhookStoreError) -> RedisReply {
        try await WebhookStoreError.wrap { () async throws(StoreError) in try await client.send(command) }
    }

    // MARK: Dead letters

    /// Dead letters, newest first. `cursor` is the `nextCursor` of the previous page (nil: the first).
    public func deadLetters(limit: Int = 50, cursor: String? = nil) async throws(WebhookStoreError) -> WebhookDeadLetterPage {
        let limit = max(1, min(limit, 1000))
        let position = cursor.flatMap(DeadLetterCursor.init)
        let maximum = position.map { String($0.deadAt) } ?? "+inf"
        // Entries at the cursor's own time are filtered below, so fetch a margin beyond the page.
        let reply = try await send(RedisCommand("ZREVRANGEBYSCORE", keys.webhooksDead, maximum, "-inf", "WITHSCORES", "LIMIT", 0, limit + 101))
        var entries: [(id: String, deadAt: Int64)] = []
        for (id, score) in reply.pairs {
            guard let deadAt = Double(score).map({ Int64($0) }) else { continue }
            // Same-time entries come in descending id order: skip those up to the cursor's.
            if let position, deadAt == position.deadAt, id >= position.id {} else { entries.append((id, deadAt)) }
        }
        let page = Array(entries.prefix(limit))
        let hashes = try await WebhookStoreError.wrap { () async throws(StoreError) in
            try await client.pipeline(page.map { RedisCommand("HGETALL", keys.webhookDelivery($0.id)) })
        }
        var deliveries: [WebhookDelivery] = []
        for hash in hashes where !(hash.array ?? []).isEmpty {
            deliveries.append(try WebhookDelivery(hash: hash))
        }
        let next = entries.count > limit ? page.last.map { DeadLetterCursor(id: $0.id, deadAt: $0.deadAt).text } : nil
        return WebhookDeadLetterPage(deliveries: deliveries, nextCursor: next)
    }

    /// Puts a dead letter (or a delivered one) back in line now, attempts counted from 0 again.
    public func redeliver(id: String) async throws(WebhookStoreError) -> WebhookRedeliverResult {
        // An id of another shape names no delivery, and never reaches a key.
        guard WebhookDeliveryID.isValid(id) else { return .missing }
        let reply = try await WebhookStoreError.wrap { () async throws(StoreError) in
            try await client.run(WebhookScripts.redeliver, keys: [keys.webhookDelivery(id), keys.webhooksDead, keys.webhooksDue], arguments: [id])
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

    /// Every attempt for the run's webhooks, oldest first: the run object's `webhook_deliveries`.
    public func deliveries(runID: String) async throws(WebhookStoreError) -> [WebhookAttempt] {
        WebhookAttempt.decode(try await send(RedisCommand("LRANGE", keys.webhookAttempts(runID: runID), 0, -1)))
    }

    // MARK: Endpoints

    /// Adds an endpoint that gets `events` (empty: all) of every run; returns its id (`ep_…`).
    /// The URL gets the SSRF guard's checks that need no DNS; delivery checks again after resolving.
    public func addEndpoint(url: String, events: [WebhookEventType] = [], policy: CallbackURLPolicy = CallbackURLPolicy()) async throws(WebhookStoreError) -> String {
        do { try policy.check(url) } catch { throw .invalidEndpoint(error.description) }
        let id = "ep_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let stored = StoredEndpoint(url: url, events: events.map(\.rawValue))
        let json: String
        do { json = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self) } catch { throw .invalidEndpoint("\(error)") }
        _ = try await send(RedisCommand("HSET", keys.webhookEndpoints, id, json))
        return id
    }

    /// Every configured endpoint, by id.
    public func endpoints() async throws(WebhookStoreError) -> [WebhookEndpoint] {
        let fields = try await send(RedisCommand("HGETALL", keys.webhookEndpoints)).hashFields
        var endpoints: [WebhookEndpoint] = []
        for (id, json) in fields.sorted(by: { $0.key < $1.key }) {
            guard let stored = try? JSONDecoder().decode(StoredEndpoint.self, from: Data(json.utf8)) else {
                throw .unreadable(id: id, reason: "endpoint is not {\"url\",\"events\"} JSON")
            }
            endpoints.append(WebhookEndpoint(id: id, url: stored.url, events: (stored.events ?? []).compactMap(WebhookEventType.init(rawValue:))))
        }
        return endpoints
    }

    /// True when it existed.
    @discardableResult
    public func removeEndpoint(id: String) async throws(WebhookStoreError) -> Bool {
        (try await send(RedisCommand("HDEL", keys.webhookEndpoints, id)).int ?? 0) > 0
    }

    /// The JSON the `finish` script reads (see `LuaPrelude.record_webhooks`).
    private struct StoredEndpoint: Codable {
        var url: String
        var events: [String]?
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
