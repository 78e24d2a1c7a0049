import KickoffModel

/// A run recorded on the namespace's tag but not yet stored in its partition (partitions, N > 1):
/// the run of a fired schedule tick (`{ns}:schedules:pending`) or of an accepted hook delivery
/// (`{ns}:hooks:pending`), kept in a hash under its id until it is enqueued. One script cannot
/// write both the namespace's keys and a partition's on a cluster, so these are two steps; the
/// entry is what lets anyone finish the second after its process died. Kept as JSON
/// `[pipeline, field, value, …]` (the record's fields); such runs are not delayed.
struct PendingRun: Sendable, Hashable {
    let id: String
    let pipeline: String
    let fields: [String]

    init(_ run: NewRun) {
        id = run.id
        pipeline = run.pipeline
        fields = run.recordFields
    }

    /// An entry as the hash keeps it; nil when unreadable (never enqueueable: drop it).
    init?(id: String, kept: String) {
        guard RunID.isValid(id), case .array(let values)? = try? JSONTextReader.parse(kept.utf8),
              case .string(let pipeline)? = values.first else { return nil }
        self.id = id
        self.pipeline = pipeline
        fields = values.dropFirst().compactMap { value -> String? in if case .string(let text) = value { text } else { nil } }
    }

    /// The hash's value for this run.
    var kept: String { JSONValue.array(([pipeline] + fields).map(JSONValue.string)).jsonString() }

    /// The queue it goes in line in (its record's `queue`, else the default).
    var queue: String {
        stride(from: 0, to: fields.count - 1, by: 2).first { fields[$0] == "queue" }.map { fields[$0 + 1] } ?? Pipeline.defaultQueue
    }

    /// True for the error an enqueue answers when the run exists already: it was enqueued before
    /// (by another process finishing the same entry, or a try whose answer was lost).
    static func alreadyEnqueued(_ description: String) -> Bool { description.contains("EXISTS run") }
}
