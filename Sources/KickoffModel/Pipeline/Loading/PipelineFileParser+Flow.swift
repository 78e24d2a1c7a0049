import Yams

/// `queue`, `concurrency`, `debounce` and `fairness` of a pipeline (flow control).
extension PipelineFileParser {
    static let concurrencyKeys = ["key", "limit", "on_limit"]
    static let debounceKeys = ["key", "window", "max_wait"]
    static let fairnessKeys = ["key"]
    /// The most a concurrency limit may be: beyond it the rule would limit nothing.
    static let maximumConcurrencyLimit = 100_000

    mutating func parseFlow(_ entries: [YAMLEntry], into pipeline: inout Pipeline, _ what: String) {
        let declared = Set(pipeline.steps.flatMap { $0.parameters.map(\.name) })
        if let node = entries["queue"], let name = text(node, "\(what): queue") {
            if checkName(name, "\(what): queue", at: node) { pipeline.queue = name }
        }
        if let node = entries["concurrency"] {
            for (index, item) in (items(of: node, "\(what): concurrency") ?? []).enumerated() {
                if let rule = parseConcurrencyRule(item, "\(what): concurrency rule \(index + 1)", declared: declared) {
                    pipeline.concurrency.append(rule)
                }
            }
        }
        if let node = entries["debounce"] {
            pipeline.debounce = parseDebounce(node, "\(what): debounce", declared: declared)
        }
        if let node = entries["fairness"] {
            let fairnessWhat = "\(what): fairness"
            if let fields = self.entries(of: node, fairnessWhat, allowedKeys: Self.fairnessKeys) {
                if let keyNode = fields["key"] {
                    pipeline.fairness = flowKey(keyNode, "\(fairnessWhat): key", declared: declared).map(FairnessRule.init(key:))
                } else {
                    report("\(fairnessWhat) needs a 'key', e.g. key: \"{{tenant}}\"", at: node)
                }
            }
        }
    }

    private mutating func parseConcurrencyRule(_ node: Node, _ what: String, declared: Set<String>) -> ConcurrencyRule? {
        guard let fields = entries(of: node, what, allowedKeys: Self.concurrencyKeys) else { return nil }
        guard let limitNode = fields["limit"] else {
            report("\(what) needs a 'limit' (the most runs at once, 1 or more)", at: node)
            return nil
        }
        guard let limit = integer(limitNode, "\(what): limit", in: 1...Self.maximumConcurrencyLimit) else { return nil }
        var key: FlowKeyTemplate?
        if let keyNode = fields["key"] {
            guard let parsed = flowKey(keyNode, "\(what): key", declared: declared) else { return nil }
            key = parsed
        }
        var onLimit = ConcurrencyRule.OnLimit.queue
        if let onLimitNode = fields["on_limit"], let word = text(onLimitNode, "\(what): on_limit") {
            guard let parsed = ConcurrencyRule.OnLimit(rawValue: word) else {
                let known = ConcurrencyRule.OnLimit.allCases.map(\.rawValue).joined(separator: ", ")
                report("\(what): on_limit must be one of \(known), not '\(word)'", at: onLimitNode)
                return nil
            }
            onLimit = parsed
        }
        return ConcurrencyRule(key: key, limit: limit, onLimit: onLimit)
    }

    private mutating func parseDebounce(_ node: Node, _ what: String, declared: Set<String>) -> DebounceRule? {
        guard let fields = entries(of: node, what, allowedKeys: Self.debounceKeys) else { return nil }
        guard let windowNode = fields["window"] else {
            report("\(what) needs a 'window' (how long after the last trigger the run starts), e.g. window: 30s", at: node)
            return nil
        }
        guard let window = duration(windowNode, "\(what): window") else { return nil }
        var maxWait = window * 10
        if let maxWaitNode = fields["max_wait"] {
            guard let given = duration(maxWaitNode, "\(what): max_wait") else { return nil }
            guard given >= window else {
                report("\(what): max_wait (\(DurationText.format(given))) must not be shorter than window (\(DurationText.format(window)))",
                       at: maxWaitNode)
                return nil
            }
            maxWait = given
        }
        var key: FlowKeyTemplate?
        if let keyNode = fields["key"] {
            guard let parsed = flowKey(keyNode, "\(what): key", declared: declared) else { return nil }
            key = parsed
        }
        return DebounceRule(key: key, window: window, maxWait: maxWait)
    }

    /// A key template whose references all name parameters some step declares; nil (reported) otherwise.
    private mutating func flowKey(_ node: Node, _ what: String, declared: Set<String>) -> FlowKeyTemplate? {
        guard let text = text(node, what) else { return nil }
        guard let template = FlowKeyTemplate.parse(text) else {
            report("\(what): '\(text)' is not a key template: write parameters as {{name}}", at: node)
            return nil
        }
        for name in template.parameterNames where !declared.contains(name) {
            let hint = KeySuggestion.closest(to: name, among: declared.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
            report("\(what) names the parameter '\(name)', which no step of the pipeline declares\(hint)", at: node)
            return nil
        }
        return template
    }
}
