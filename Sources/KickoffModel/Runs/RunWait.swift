/// Why a run that is not running yet waits: `waiting_for` on the run object.
public struct RunWait: Sendable, Hashable, Codable {
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// A concurrency slot is full: `key` and `limit` say which.
        case concurrency
        /// A debounced run waits for its window to close (`until`).
        case debounce
        /// No live worker serves its queue (`queue`).
        case noWorker = "no_worker"
    }

    public var reason: Reason
    /// The concurrency key's value ("" for a whole-pipeline rule).
    public var key: String?
    public var limit: Int?
    /// The queue no worker serves.
    public var queue: String?
    /// When a debounced run is due (RFC 3339).
    public var until: String?

    public init(reason: Reason, key: String? = nil, limit: Int? = nil, queue: String? = nil, until: String? = nil) {
        self.reason = reason
        self.key = key
        self.limit = limit
        self.queue = queue
        self.until = until
    }

    /// Reads the store's `{"reason","key","limit"}`; nil for anything else.
    public init?(json: JSONValue) {
        guard case .object(let fields) = json, case .string(let word)? = fields["reason"], let reason = Reason(rawValue: word) else { return nil }
        self.reason = reason
        if case .string(let key)? = fields["key"] { self.key = key }
        if case .integer(let limit)? = fields["limit"] { self.limit = Int(limit) }
        if case .string(let queue)? = fields["queue"] { self.queue = queue }
    }

    /// A few words for a terminal or a table cell.
    public var summary: String {
        switch reason {
        case .concurrency: "concurrency key \"\(key ?? "")\" (limit \(limit ?? 0))"
        case .debounce: "debounce window" + (until.map { " until \($0)" } ?? "")
        case .noWorker: "no worker serves queue \(queue ?? "?")"
        }
    }
}
