import Yams

extension PipelineFileParser {
    /// The text of a scalar (a string, or a number or boolean as written), or nil (reported) for
    /// null, a mapping or a list.
    mutating func text(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !node.isNull else {
            report("\(what) must be a string, not \(node.kindDescription)", at: node)
            return nil
        }
        return scalar.string
    }

    /// A boolean (`true`/`false`), or nil (reported).
    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar(let scalar) = node, node.tagName == .bool else {
            report("\(what) must be true or false, not \(node.kindDescription)", at: node)
            return nil
        }
        return scalar.string.lowercased() == "true"
    }

    /// An integer in `range`, or nil (reported).
    mutating func integer(_ node: Node, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, node.tagName == .int, let value = Int(scalar.string) else {
            report("\(what) must be a whole number, not \(node.kindDescription)", at: node)
            return nil
        }
        guard range.contains(value) else {
            report("\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)", at: node)
            return nil
        }
        return value
    }

    /// A duration (`90s`, `1h30m`, or whole seconds), or nil (reported). Zero is allowed only if
    /// `allowZero`: a zero timeout or interval is always a mistake, a zero backoff is not.
    mutating func duration(_ node: Node, _ what: String, allowZero: Bool = false) -> Duration? {
        guard let text = text(node, what) else { return nil }
        do {
            let duration = try DurationParser.parse(text)
            if duration == .zero, !allowZero {
                report("\(what) must be longer than zero", at: node)
                return nil
            }
            return duration
        } catch {
            report("\(what): \(error)", at: node)
            return nil
        }
    }

    /// Checks a pipeline, step, parameter or preset name; reports and returns false when it is not valid.
    mutating func checkName(_ name: String, _ kind: String, at node: Node) -> Bool {
        guard NameRules.isValidName(name) else {
            report("\(kind) name '\(name)' is not valid: use 1 to 64 of A-Z a-z 0-9 _ -", at: node)
            return false
        }
        return true
    }

    /// Checks an environment variable name; reports and returns false when it is not valid or reserved.
    mutating func checkEnvironmentName(_ name: String, _ what: String, at node: Node) -> Bool {
        guard NameRules.isValidEnvironmentName(name) else {
            report("\(what): '\(name)' is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)", at: node)
            return false
        }
        guard !NameRules.reservedEnvironmentNames.contains(name) else {
            report("\(what): '\(name)' is set by the worker for every step and cannot be set here", at: node)
            return false
        }
        return true
    }

    /// An `env` mapping of variable names to literal values.
    mutating func environment(_ node: Node, _ what: String) -> [String: String] {
        var environment: [String: String] = [:]
        for entry in entries(of: node, what) ?? [] {
            guard checkEnvironmentName(entry.key, what, at: entry.keyNode),
                  let value = text(entry.value, "\(what): the value of \(entry.key)") else { continue }
            environment[entry.key] = value
        }
        return environment
    }

    /// An `inherit_env` list of variable names.
    mutating func environmentNames(_ node: Node, _ what: String) -> [String] {
        var names: [String] = []
        for item in items(of: node, what) ?? [] {
            guard let name = text(item, "an item of \(what)"), checkEnvironmentName(name, what, at: item) else { continue }
            guard !NameRules.isKickoffOwnName(name) else {
                report("\(what): '\(name)' is Kickoff's own configuration: KICKOFF_* variables never reach a step "
                       + "(they hold the Redis password, API keys and webhook secrets); pass the value under another name", at: item)
                continue
            }
            if names.contains(name) {
                report("\(what): '\(name)' is listed twice", at: item)
                continue
            }
            names.append(name)
        }
        return names
    }
}
