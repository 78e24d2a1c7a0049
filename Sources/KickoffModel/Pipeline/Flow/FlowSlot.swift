/// One concurrency slot a run needs, resolved from a rule and the run's parameters.
public struct ConcurrencySlot: Sendable, Hashable {
    /// The slot's identity in the store: `<pipeline>:<rule index>:<key value>`.
    public var slot: String
    /// The key's value (empty for a whole-pipeline rule), as `waiting_for` shows it.
    public var key: String
    public var limit: Int
    public var onLimit: ConcurrencyRule.OnLimit

    public init(slot: String, key: String, limit: Int, onLimit: ConcurrencyRule.OnLimit) {
        self.slot = slot
        self.key = key
        self.limit = limit
        self.onLimit = onLimit
    }

    /// `{"key","limit","on_limit","slot"}`: how the enqueue script reads it.
    var jsonValue: JSONValue {
        .object(["slot": .string(slot), "key": .string(key), "limit": .integer(Int64(limit)), "on_limit": .string(onLimit.rawValue)])
    }
}

/// A run's debounce, resolved: triggers with the same `slot` collapse into one run.
public struct DebounceSlot: Sendable, Hashable {
    /// `<pipeline>:<key value>`.
    public var slot: String
    public var window: Duration
    public var maxWait: Duration

    public init(slot: String, window: Duration, maxWait: Duration) {
        self.slot = slot
        self.window = window
        self.maxWait = maxWait
    }
}

extension Pipeline {
    /// The concurrency slots a run with these parameters needs, in rule order.
    public func concurrencySlots(_ parameters: ResolvedParameters) -> [ConcurrencySlot] {
        let order = steps.map(\.name)
        return concurrency.enumerated().map { index, rule in
            let key = rule.key?.resolve(parameters, stepOrder: order) ?? ""
            return ConcurrencySlot(slot: "\(name):\(index):\(key)", key: key, limit: rule.limit, onLimit: rule.onLimit)
        }
    }

    /// The run's debounce slot, or nil when the pipeline does not debounce.
    public func debounceSlot(_ parameters: ResolvedParameters) -> DebounceSlot? {
        guard let debounce else { return nil }
        let key = debounce.key?.resolve(parameters, stepOrder: steps.map(\.name)) ?? ""
        return DebounceSlot(slot: "\(name):\(key)", window: debounce.window, maxWait: debounce.maxWait)
    }

    /// The run's fairness group from the pipeline's `fairness` key, or nil when it has none (the
    /// trigger's caller is the group then).
    public func fairnessGroup(_ parameters: ResolvedParameters) -> String? {
        fairness.map { "param:" + $0.key.resolve(parameters, stepOrder: steps.map(\.name)) }
    }
}
