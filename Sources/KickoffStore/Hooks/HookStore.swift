import Foundation
public import KickoffModel
import RedisClient

/// What the front remembers of inbound hook deliveries: de-duplication by delivery id (in the same
/// script that enqueues the runs; with partitions, in the script that keeps them pending: see
/// `HookStore+Partitions`), the recent deliveries of each source, and counters by outcome.
/// Every call throws `StoreError`.
public struct HookStore: Sendable {
    let client: StoreClient
    let operations: QueueOperations
    /// How long a delivery id is remembered: a provider's redelivery within it makes no second run.
    public static let window: Duration = .seconds(24 * 3600)
    /// Recent deliveries kept per source (about; the stream is trimmed approximately).
    public static let kept = 1000

    init(client: StoreClient, operations: QueueOperations) {
        self.client = client
        self.operations = operations
    }

    var keys: StoreKeys { operations.keys }

    /// What `accept` did.
    public enum Acceptance: Sendable, Hashable {
        /// A new delivery: its runs, stored just now (the records as stored, each in its partition).
        case created(runs: [RunRecord])
        case filtered
        /// The delivery id was seen within the window: the runs made then (the first outcome was
        /// `filtered` when there are none).
        case duplicate(runIDs: [String], filtered: Bool)
    }

    /// Enqueues `runs` for a delivery not seen within the window, or records the duplicate: one
    /// script (with partitions, two steps: `acceptPartitioned`). Each run is placed in its partition
    /// first (`NewRun.placed(in:)`): the records returned carry the ids it was stored under.
    public func accept(source: String, deliveryID: String, event: String?, runs: [NewRun]) async throws(StoreError) -> Acceptance {
        let runs = runs.map { $0.placed(in: keys.partitions) }
        guard keys.partitions.isSingle else { return try await acceptPartitioned(source: source, deliveryID: deliveryID, event: event, runs: runs) }
        var callKeys = [keys.hookDelivery(source: source, deliveryID: deliveryID), keys.hookDeliveries(source: source),
                        keys.hookCounts(source: source)]
        var arguments = [keys.prefix, String(Self.window.milliseconds), deliveryID, event ?? "", runs.isEmpty ? "filtered" : "created",
                         String(Self.kept), String(runs.count)]
        for run in runs {
            let call = operations.enqueue(run)
            callKeys += call.keys.prefix(6)  // the run's own keys (the key-check keys after them are the front's)
            let fields = run.recordFields
            arguments += [run.id, String(max(0, run.delay.milliseconds)), String(fields.count)] + fields
        }
        let reply = try await client.runAcknowledged(ScriptCall(script: HookScripts.accept, keys: callKeys, arguments: arguments))
        return try Self.acceptance(reply, runs: runs, script: "hook_accept")
    }

    /// An accept script's answer (`hook_accept`, `hook_accept_pending`); a new delivery's records
    /// carry the time the script gives (Redis's clock, ms).
    static func acceptance(_ reply: RedisReply, runs: [NewRun], script: String) throws(StoreError) -> Acceptance {
        let words = reply.array?.compactMap(\.string) ?? []
        guard words.count >= 2, let ids = Self.runIDs(words[1]) else {
            throw StoreError(.unexpectedReply(command: "script " + script, reply: reply))
        }
        switch words[0] {
        case "created" where words.count > 2:
            let createdAt = Int64(words[2]) ?? 0
            return .created(runs: runs.map { $0.record(status: .queued, createdAt: createdAt) })
        case "filtered": return .filtered
        case "duplicate": return .duplicate(runIDs: ids, filtered: words.count > 2 && words[2] == "filtered")
        default: throw StoreError(.unexpectedReply(command: "script " + script, reply: reply))
        }
    }

    /// A delivery whose mapped values the pipeline refused (422): recorded with every field, but not
    /// remembered for de-duplication, so a redelivery after the file is fixed starts its runs.
    public func recordInvalid(source: String, deliveryID: String, event: String?, errors: [FieldError]) async throws(StoreError) {
        let errorsJSON = JSONValue.array(errors.map { .object(["field": .string($0.field), "message": .string($0.message)]) }).jsonString()
        _ = try await client.pipeline([
            RedisCommand("XADD", keys.hookDeliveries(source: source), "MAXLEN", "~", Self.kept, "*", "delivery", deliveryID,
                         "event", event ?? "", "outcome", "invalid_parameters", "runs", "[]", "errors", errorsJSON),
            RedisCommand("HINCRBY", keys.hookCounts(source: source), "invalid_parameters", 1),
        ])
    }

    /// A delivery refused for its signature: only counted (nothing of an unverified request is kept).
    public func countUnauthorized(source: String) async throws(StoreError) {
        _ = try await client.send(RedisCommand("HINCRBY", keys.hookCounts(source: source), "unauthorized", 1))
    }

    /// Each source's counters by outcome.
    public func counts(sources: [String]) async throws(StoreError) -> [String: [String: Int]] {
        guard !sources.isEmpty else { return [:] }
        let replies = try await client.pipeline(sources.map { RedisCommand("HGETALL", keys.hookCounts(source: $0)) })
        var counts: [String: [String: Int]] = [:]
        for (source, reply) in zip(sources, replies) {
            counts[source] = reply.hashFields.compactMapValues { Int($0) }
        }
        return counts
    }

    /// The most recent deliveries of a source, newest first.
    public func deliveries(source: String, limit: Int) async throws(StoreError) -> [HookDeliveryRecord] {
        let reply = try await client.send(RedisCommand("XREVRANGE", keys.hookDeliveries(source: source), "+", "-", "COUNT", max(1, limit)))
        return (reply.array ?? []).compactMap { entry in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string else { return nil }
            let fields = parts[1].hashFields
            return HookDeliveryRecord(id: fields["delivery"] ?? "", event: fields["event"].flatMap { $0.isEmpty ? nil : $0 },
                               outcome: fields["outcome"] ?? "", runs: fields["runs"].flatMap(Self.runIDs) ?? [],
                               errors: fields["errors"].map(Self.fieldErrors) ?? [],
                               at: Int64(id.split(separator: "-").first ?? "") ?? 0)
        }
    }

    static func runIDs(_ text: String) -> [String]? {
        guard case .array(let items)? = try? JSONTextReader.parse(text.utf8) else { return nil }
        return items.compactMap { if case .string(let id) = $0 { id } else { nil } }
    }

    static func fieldErrors(_ text: String) -> [FieldError] {
        guard case .array(let items)? = try? JSONTextReader.parse(text.utf8) else { return [] }
        return items.compactMap { item in
            guard case .object(let object) = item, case .string(let field)? = object["field"], case .string(let message)? = object["message"] else {
                return nil
            }
            return FieldError(field: field, message: message)
        }
    }
}
