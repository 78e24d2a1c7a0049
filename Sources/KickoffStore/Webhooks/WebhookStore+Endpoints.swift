import Foundation
public import KickoffModel
import RedisClient

/// Webhook endpoints: what `kickoff webhooks add/list/remove` change and show, in one hash on the
/// namespace's tag (`{ns}:webhooks:endpoints`), the one source of truth. The `finish` script reads
/// them where it runs: with one partition that is the same hash; with N > 1 each partition holds a
/// copy (`{ns:i}:webhooks:endpoints`), since a script may only touch keys of its own slot.
///
/// Copies: each change of the endpoints gives them a new version (ms-based, strictly increasing) in
/// the same script, and returns them whole; then every partition's copy is replaced by them, unless
/// it holds a newer version already (two changes at once, or a sync that read before a change, can
/// never leave an older copy behind). A change is complete when every copy is made: a run that ends
/// after `addEndpoint` returns gets the endpoint's webhook, one that ends meanwhile may or may not,
/// as with one partition a run that ends as the endpoint is added. A copy that could not be made (a
/// primary down) is made by the next `syncEndpoints`: every worker's deliverer calls it at start and
/// every minute, `kickoff serve` at start (so a partition added by a change of N gets its copy too).
extension WebhookStore {
    /// Adds an endpoint that gets `events` (empty: all) of every run; returns its id (`ep_…`).
    /// The URL gets the SSRF guard's checks that need no DNS; delivery checks again after resolving.
    public func addEndpoint(url: String, events: [WebhookEventType] = [], policy: CallbackURLPolicy = CallbackURLPolicy()) async throws(WebhookStoreError) -> String {
        do { try policy.check(url) } catch { throw .invalidEndpoint(error.description) }
        let id = "ep_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let stored = StoredEndpoint(url: url, events: events.map(\.rawValue))
        let json: String
        do { json = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self) } catch { throw .invalidEndpoint("\(error)") }
        try await copy(try await changeEndpoints(["set", id, json]))
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
        let endpoints = try await changeEndpoints(["del", id, ""])
        try await copy(endpoints)
        return endpoints.changed
    }

    /// With partitions: brings every partition's copy of the endpoints up to date; returns how many
    /// copies were replaced (0 with one partition, or when all were current). Throws when a
    /// partition could not be reached (the others are brought up to date all the same).
    @discardableResult
    public func syncEndpoints() async throws(WebhookStoreError) -> Int {
        guard !keys.partitions.isSingle else { return 0 }
        return try await copy(try await changeEndpoints(["read", "", ""]))
    }

    /// The endpoints as one change (`set`, `del`, or `read` for none) left them, by `webhook_endpoints`.
    private func changeEndpoints(_ change: [String]) async throws(WebhookStoreError) -> EndpointsVersion {
        let versioned = keys.partitions.isSingle ? "0" : "1"
        let reply = try await WebhookStoreError.wrap { () async throws(StoreError) in
            try await client.run(WebhookScripts.endpoints, keys: [keys.webhookEndpoints, keys.webhookEndpointsVersion],
                                 arguments: change + [versioned])
        }
        guard let parts = reply.array, parts.count >= 2, let changed = parts[0].int, let version = parts[1].string else {
            throw .unreadable(id: "endpoints", reason: "unexpected reply \(reply)")
        }
        return EndpointsVersion(changed: changed > 0, version: version, fields: parts.dropFirst(2).map { $0.string ?? "" })
    }

    /// Replaces every partition's copy that is older than `endpoints` (nothing with one partition).
    @discardableResult
    private func copy(_ endpoints: EndpointsVersion) async throws(WebhookStoreError) -> Int {
        guard !keys.partitions.isSingle else { return 0 }
        var replaced = 0, failure: WebhookStoreError?
        for result in await eachPartition({ (place, _) async throws(WebhookStoreError) -> Bool in
            let reply = try await WebhookStoreError.wrap { () async throws(StoreError) in
                try await self.client.run(WebhookScripts.endpointsCopy, keys: [place.webhookEndpoints, place.webhookEndpointsVersion],
                                          arguments: [endpoints.version] + endpoints.fields)
            }
            return reply.int == 1
        }) {
            switch result {
            case .success(let done): replaced += done ? 1 : 0
            case .failure(let error): failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return replaced
    }

    /// The JSON the `finish` script reads (see `LuaPrelude.record_webhooks`).
    private struct StoredEndpoint: Codable {
        var url: String
        var events: [String]?
    }
}

/// The endpoints after a change: whether it changed anything, their version (empty with one
/// partition) and their id, JSON pairs.
private struct EndpointsVersion: Sendable {
    var changed: Bool
    var version: String
    var fields: [String]
}
