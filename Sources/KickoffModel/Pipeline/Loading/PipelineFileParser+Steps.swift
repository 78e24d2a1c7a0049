import Yams

extension PipelineFileParser {
    static let stepKeys = ["run", "after", "timeout", "env", "parameters", "retries", "isolation", "network"]

    /// A pipeline's steps, ordered; reports bad steps, `after` naming no step, and cycles.
    mutating func parseSteps(_ node: Node, _ pipeline: String) -> ParsedSteps {
        var parsed = ParsedSteps()
        guard let entries = entries(of: node, "\(pipeline): steps") else { return parsed }
        if entries.isEmpty {
            report("\(pipeline) has no steps", at: node)
        }
        var built: [(step: Step, keyNode: Node, afterNodes: [Node])] = []
        for entry in entries where checkName(entry.key, "step", at: entry.keyNode) {
            parsed.allNames.insert(entry.key)
            var declared: Set<String> = []
            if let (step, afterNodes) = parseStep(named: entry.key, entry.value, keyNode: entry.keyNode, declaredParameters: &declared) {
                built.append((step, entry.keyNode, afterNodes))
            }
            parsed.declaredParameters[entry.key] = declared
        }

        for (step, _, afterNodes) in built {
            for (name, node) in zip(step.after, afterNodes) where !parsed.allNames.contains(name) {
                let hint = KeySuggestion.closest(to: name, among: Array(parsed.allNames)).map { " (did you mean '\($0)'?)" } ?? ""
                report("step '\(step.name)': after names '\(name)', which is not a step of this pipeline\(hint)", at: node)
            }
        }

        let graph = StepGraph(steps: built.map(\.step))
        if let ordered = graph.topologicalOrder() {
            parsed.ordered = ordered
        } else {
            parsed.ordered = graph.steps
            for cycle in graph.cycles() {
                let keyNode = built.first { $0.step.name == cycle[0] }?.keyNode
                let path = (cycle + [cycle[0]]).map { "'\($0)'" }.joined(separator: " after ")
                report("dependency cycle: \(path)", at: keyNode)
            }
        }
        return parsed
    }

    /// One step and the nodes of its `after` names (for their lines), or nil when it is not even a
    /// mapping. A step with a bad `run` or bad parameters is still built (without them), so that
    /// `after`, cycles and presets are checked too; the file is invalid anyway, so it is never used.
    /// `declaredParameters` receives every validly named parameter, even those with errors.
    private mutating func parseStep(
        named name: String, _ node: Node, keyNode: Node, declaredParameters: inout Set<String>
    ) -> (Step, [Node])? {
        let what = "step '\(name)'"
        guard let entries = entries(of: node, what, allowedKeys: Self.stepKeys) else { return nil }

        var parameters: [ParameterSpec] = []
        for entry in entries["parameters"].flatMap({ self.entries(of: $0, "\(what): parameters") }) ?? [] {
            guard checkName(entry.key, "parameter", at: entry.keyNode) else { continue }
            declaredParameters.insert(entry.key)
            if let spec = parseParameter(named: entry.key, entry.value, keyNode: entry.keyNode, "parameter '\(entry.key)' of \(what)") {
                parameters.append(spec)
            }
        }

        var run: [ArgvElement]?
        if let runNode = entries["run"] {
            run = parseRun(runNode, what, declared: declaredParameters)
        } else {
            report("\(what) has no 'run' (the program and its arguments, as a list)", at: keyNode)
        }

        var after: [String] = []
        var afterNodes: [Node] = []
        if let afterNode = entries["after"] {
            let nodes = afterNode.isScalarValue ? [afterNode] : items(of: afterNode, "\(what): after") ?? []
            for item in nodes {
                guard let dependency = text(item, "\(what): an item of after") else { continue }
                if after.contains(dependency) {
                    report("\(what): after lists '\(dependency)' twice", at: item)
                    continue
                }
                after.append(dependency)
                afterNodes.append(item)
            }
        }

        let timeout = entries["timeout"].flatMap { duration($0, "\(what): timeout") }
        let env = entries["env"].map { environment($0, "\(what): env") } ?? [:]
        var step = Step(name: name, run: run ?? [], after: after, timeout: timeout, env: env, parameters: parameters)
        step.retries = entries["retries"].map { parseRetries($0, what) }
        step.isolation = entries["isolation"].flatMap { isolation($0, "\(what): isolation") }
        step.network = entries["network"].flatMap { bool($0, "\(what): network") }
        return (step, afterNodes)
    }

    /// The argv of `run`, or nil when it is unusable (reported): not a list, empty, a templated or
    /// empty program, an embedded or malformed template, or a template naming an undeclared parameter.
    private mutating func parseRun(_ node: Node, _ step: String, declared: Set<String>) -> [ArgvElement]? {
        let what = "\(step): run"
        guard case .sequence = node else {
            report("\(what) must be a list of arguments like [python3, steps.py], not \(node.kindDescription); it never goes through a shell", at: node)
            return nil
        }
        let items = items(of: node, what) ?? []
        if items.isEmpty {
            report("\(what) is empty: it needs at least the program to start", at: node)
            return nil
        }
        var run: [ArgvElement] = []
        var valid = true
        for (index, item) in items.enumerated() {
            guard let text = text(item, "\(what): an argument") else { valid = false; continue }
            switch ArgvTemplate.classify(text) {
            case .literal(let literal):
                if index == 0, literal.isEmpty {
                    report("\(what): the program (first element) is empty", at: item)
                    valid = false
                }
                run.append(.literal(literal))
            case .parameter(let name):
                if index == 0 {
                    report("\(what): the program (first element) must be literal, not the parameter '\(name)'", at: item)
                    valid = false
                } else if !declared.contains(name) {
                    let hint = KeySuggestion.closest(to: name, among: Array(declared)).map { " (did you mean '\($0)'?)" } ?? ""
                    report("\(what): '\(text)' names the parameter '\(name)', which the step does not declare\(hint)", at: item)
                    valid = false
                }
                run.append(.parameter(name))
            case .embedded(let name):
                report("\(what): '\(text)' puts {{\(name)}} inside other text; a parameter may only be a whole element, e.g. [\"--flag\", \"{{\(name)}}\"]", at: item)
                valid = false
            case .malformed:
                report("\(what): '\(text)' is not a parameter reference; write exactly {{name}} with a declared parameter name", at: item)
                valid = false
            }
        }
        return valid ? run : nil
    }
}
