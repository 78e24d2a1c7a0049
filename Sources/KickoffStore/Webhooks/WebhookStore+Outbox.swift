import Foundation
public import KickoffModel
import RedisClient

/// The outbox as a deliverer sees it: claim due deliveries under a lease, read what to send, record
/// each attempt's outcome.
extension WebhookStore {
    private var retentionSeconds: String { String(QueueOperations.seconds(operations.retention)) }
    private var deadLetterSeconds: String { String(QueueOperations.seconds(operations.deadLetterRetention)) }

    /// Takes up to `limit` due deliveries for `lease` (after it they are due again, for anyone).
    /// With partitions, from every partition at once (a script each, concurrently): the limit is
    /// shared out evenly, the remainder (all of it when `limit` < N) to the partitions from `turn` on,
    /// so a caller that turns `turn` from one look to the next leaves no partition waiting more than N
    /// looks. Each partition's call also puts its lapsed leases back in line, whatever its share.
    public func claim(token: String, lease: Duration, limit: Int, turn: Int = 0) async throws(WebhookStoreError) -> WebhookClaim {
        guard !keys.partitions.isSingle else { return try await claim(in: keys, token: token, lease: lease, limit: limit) }
        let shares = WebhookClaim.shares(of: max(0, limit), over: keys.partitions.count, turn: turn)
        let results = await eachPartition { (place, index) async throws(WebhookStoreError) -> WebhookClaim in
            try await self.claim(in: place, token: token, lease: lease, limit: shares[index])
        }
        return try WebhookClaim(gathering: results, turn: turn)
    }

    /// One partition's (or the only) claim.
    private func claim(in place: StoreKeys, token: String, lease: Duration, limit: Int) async throws(WebhookStoreError) -> WebhookClaim {
        let reply = try await WebhookStoreError.wrap { () async throws(StoreError) in
            try await client.run(WebhookScripts.claim, keys: [place.webhooksDue, place.webhooksInflight, place.webhooksDead],
                                 arguments: [place.prefix, token, String(lease.milliseconds), String(max(0, limit)), deadLetterSeconds])
        }
        guard let parts = reply.array, parts.count == 3, let nextDue = parts[0].int, let requeued = parts[1].int else {
            throw .unreadable(id: "claim", reason: "unexpected reply \(reply)")
        }
        var deliveries: [WebhookDelivery] = []
        for hash in parts[2].array ?? [] { deliveries.append(try WebhookDelivery(hash: hash)) }
        return WebhookClaim(deliveries: deliveries, nextDueIn: nextDue >= 0 ? .milliseconds(nextDue) : nil, requeued: Int(requeued))
    }

    /// The run as it is now and the attempts so far: what the body is built from. Nil run: expired.
    public func content(of delivery: WebhookDelivery) async throws(WebhookStoreError) -> (run: RunRecord?, attempts: [WebhookAttempt]) {
        let replies = try await WebhookStoreError.wrap { () async throws(StoreError) in
            let commands = StoredRun.commands(keys: keys, id: delivery.runID)
                + [RedisCommand("LRANGE", keys.webhookAttempts(runID: delivery.runID), 0, -1)]
            let replies = try await client.pipeline(commands)
            try StoreError.decoding { () throws(RedisError) in try StoredRun.check(Array(replies.prefix(2)), of: commands) }
            return replies
        }
        let run: RunRecord?
        do { run = try StoredRun.record(id: delivery.runID, hash: replies[0], packed: replies[1]) } catch {
            throw .unreadable(id: delivery.id, reason: error.description)
        }
        return (run, WebhookAttempt.decode(replies[2]))
    }

    /// Records one attempt's outcome, in the delivery's partition; false when the lease had run out (the delivery is someone else's now).
    @discardableResult
    public func record(_ delivery: WebhookDelivery, token: String, outcome: WebhookOutcome) async throws(WebhookStoreError) -> Bool {
        let arguments: [String] = [delivery.id, token, outcome.word, outcome.statusCode.map(String.init) ?? "",
                                   outcome.error ?? "", String(outcome.retryDelay?.milliseconds ?? 0), retentionSeconds,
                                   deadLetterSeconds]
        // The delivery's partition: its run's (the namespace's own with one partition).
        let place = keys.forRun(delivery.runID)
        let reply = try await WebhookStoreError.wrap { () async throws(StoreError) in
            try await client.run(WebhookScripts.result,
                                 keys: [place.webhookDelivery(delivery.id), place.webhooksInflight, place.webhooksDue, place.webhooksDead,
                                        place.webhookAttempts(runID: delivery.runID)],
                                 arguments: arguments)
        }
        return reply.string == "ok"
    }
}

/// What one claim handed over.
public struct WebhookClaim: Sendable {
    public var deliveries: [WebhookDelivery]
    /// How soon the next delivery still waiting falls due (by Redis's clock), nil if none waits.
    public var nextDueIn: Duration?
    /// Deliveries whose lease ran out and that went back in line.
    public var requeued: Int
    /// With partitions: those that could not be claimed from (a primary down), with why; the others'
    /// deliveries are here all the same.
    public var unavailable: [WebhookStoreError] = []
}

/// How one attempt ended, as the outbox records it.
public enum WebhookOutcome: Sendable, Hashable {
    case delivered(statusCode: Int)
    case retry(statusCode: Int?, error: String, after: Duration)
    case dead(statusCode: Int?, error: String)
    /// Not sent (the deliverer is stopping): back in line, no attempt counted.
    case release

    var word: String {
        switch self {
        case .delivered: "delivered"
        case .retry: "retry"
        case .dead: "dead"
        case .release: "release"
        }
    }

    var statusCode: Int? {
        switch self {
        case .delivered(let code): code
        case .retry(let code, _, _), .dead(let code, _): code
        case .release: nil
        }
    }

    var error: String? {
        switch self {
        case .retry(_, let error, _), .dead(_, let error): error
        case .delivered, .release: nil
        }
    }

    var retryDelay: Duration? {
        if case .retry(_, _, let after) = self { return after }
        return nil
    }
}

extension WebhookAttempt {
    /// LRANGE's JSON entries; unreadable ones are skipped.
    static func decode(_ reply: RedisReply) -> [WebhookAttempt] {
        let decoder = JSONDecoder()
        return (reply.array ?? []).compactMap { entry in
            entry.bytes.flatMap { try? decoder.decode(WebhookAttempt.self, from: Data($0)) }
        }
    }
}
