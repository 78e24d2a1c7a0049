/// A pipeline's `concurrency` rule: at most `limit` runs at once, of the whole pipeline (no `key`)
/// or per value of `key`. A run holds its slot from the moment it is queued until it ends.
public struct ConcurrencyRule: Sendable, Hashable {
    /// What a trigger does when the slot is full.
    public enum OnLimit: String, Sendable, Hashable, CaseIterable {
        /// The run waits, `queued`, until a slot frees (`waiting_for` says which).
        case queue
        /// The new run asks the runs holding the slot to cancel, and takes the slot when they end.
        case cancelRunning = "cancel_running"
        /// No run is made: the trigger answers 409 naming the run that holds the slot.
        case skip
    }

    public var key: FlowKeyTemplate?
    public var limit: Int
    public var onLimit: OnLimit

    public init(key: FlowKeyTemplate? = nil, limit: Int, onLimit: OnLimit = .queue) {
        self.key = key
        self.limit = limit
        self.onLimit = onLimit
    }
}

/// A pipeline's `debounce`: triggers with the same key become one run, which starts `window` after
/// the last of them and at most `maxWait` after the first, with the last one's parameters.
public struct DebounceRule: Sendable, Hashable {
    public var key: FlowKeyTemplate?
    public var window: Duration
    public var maxWait: Duration

    public init(key: FlowKeyTemplate? = nil, window: Duration, maxWait: Duration) {
        self.key = key
        self.window = window
        self.maxWait = maxWait
    }
}

/// A pipeline's `fairness`: runs of one priority in one queue are claimed round-robin across the
/// values of `key` (by default: across who triggered them).
public struct FairnessRule: Sendable, Hashable {
    public var key: FlowKeyTemplate

    public init(key: FlowKeyTemplate) {
        self.key = key
    }
}
