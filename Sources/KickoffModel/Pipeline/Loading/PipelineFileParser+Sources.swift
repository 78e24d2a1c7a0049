import Yams

extension PipelineFileParser {
    static let sourceKeys = ["provider", "secret_env", "routes", "header", "encoding", "prefix", "event", "delivery", "tolerance"]
    static let routeKeys = ["pipeline", "when", "parameters", "preset"]

    /// `sources:` name → source. Routes are checked against the pipelines read before: the pipeline
    /// exists, the preset is one of its own, each mapped parameter is declared by the step it names.
    /// `declared`: every pipeline name of the file, also those that failed to build (not reported twice).
    mutating func parseSources(_ node: Node, pipelines: [Pipeline], declared: Set<String>) -> [HookSource] {
        var sources: [HookSource] = []
        for entry in entries(of: node, "'sources'") ?? [] {
            guard checkName(entry.key, "source", at: entry.keyNode) else { continue }
            if let source = parseSource(named: entry.key, entry.value, pipelines: pipelines, declared: declared) {
                sources.append(source)
            }
        }
        return sources
    }

    private mutating func parseSource(named name: String, _ node: Node, pipelines: [Pipeline], declared: Set<String>) -> HookSource? {
        let what = "source '\(name)'"
        guard let entries = entries(of: node, what, allowedKeys: Self.sourceKeys) else { return nil }
        var valid = true
        var provider = HookProvider.github
        if let providerNode = entries["provider"] {
            if let word = text(providerNode, "\(what): provider") {
                if let known = HookProvider(rawValue: word) {
                    provider = known
                } else {
                    let names = HookProvider.allCases.map(\.rawValue)
                    let hint = KeySuggestion.closest(to: word, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                    report("\(what): unknown provider '\(word)'\(hint); the providers are \(names.joined(separator: ", "))", at: providerNode)
                    valid = false
                }
            } else { valid = false }
        } else {
            report("\(what) needs a 'provider' (\(HookProvider.allCases.map(\.rawValue).joined(separator: ", ")))", at: node)
            valid = false
        }
        var secretEnv = ""
        if let secretNode = entries["secret_env"] {
            if let variable = text(secretNode, "\(what): secret_env"), NameRules.isValidEnvironmentName(variable) {
                secretEnv = variable
            } else {
                report("\(what): secret_env must name an environment variable of the front ([A-Za-z_][A-Za-z0-9_]*); the secret itself never goes in the file", at: secretNode)
                valid = false
            }
        } else {
            report("\(what) needs 'secret_env': the front's environment variable that holds the secret", at: node)
            valid = false
        }
        var source = HookSource(name: name, provider: provider, secretEnv: secretEnv)

        // Options that only some providers read: refused elsewhere rather than silently ignored.
        let options: [(key: String, providers: [HookProvider])] = [
            ("header", [.hmac, .token]), ("encoding", [.hmac]), ("prefix", [.hmac]), ("tolerance", [.standardWebhooks]),
        ]
        for option in options {
            if let optionNode = entries[option.key], valid, !option.providers.contains(provider) {
                report("\(what): '\(option.key)' applies only to provider \(option.providers.map(\.rawValue).joined(separator: " or "))", at: optionNode)
                valid = false
            }
        }
        if let headerNode = entries["header"], let header = text(headerNode, "\(what): header") {
            if Self.isHeaderName(header) { source.header = header } else {
                report("\(what): header '\(header)' is not a valid header name", at: headerNode)
                valid = false
            }
        }
        if let encodingNode = entries["encoding"], let word = text(encodingNode, "\(what): encoding") {
            if let encoding = HookSignatureEncoding(rawValue: word) { source.encoding = encoding } else {
                report("\(what): encoding must be hex or base64, not '\(word)'", at: encodingNode)
                valid = false
            }
        }
        if let prefixNode = entries["prefix"], let prefix = text(prefixNode, "\(what): prefix") { source.prefix = prefix }
        if let toleranceNode = entries["tolerance"] {
            if let tolerance = duration(toleranceNode, "\(what): tolerance"), tolerance >= .seconds(1) {
                source.tolerance = tolerance
            } else { valid = false }
        }
        for key in ["event", "delivery"] {
            guard let locationNode = entries[key], let location = text(locationNode, "\(what): \(key)") else { continue }
            guard location.hasPrefix("/") ? JSONPointer(location) != nil : Self.isHeaderName(location) else {
                report("\(what): \(key) must be a header name or a JSON pointer (/path/to/value), not '\(location)'", at: locationNode)
                valid = false
                continue
            }
            if key == "event" { source.event = location } else { source.delivery = location }
        }

        if let routesNode = entries["routes"] {
            let items = items(of: routesNode, "\(what): routes") ?? []
            if items.isEmpty { report("\(what): routes lists no route", at: routesNode) }
            for (index, item) in items.enumerated() {
                if let route = parseRoute(item, "\(what), route \(index + 1)", pipelines: pipelines, declared: declared) {
                    source.routes.append(route)
                } else {
                    valid = false
                }
            }
        } else {
            report("\(what) needs 'routes': which pipelines its deliveries start", at: node)
            valid = false
        }
        return valid ? source : nil
    }

    private mutating func parseRoute(_ node: Node, _ what: String, pipelines: [Pipeline], declared: Set<String>) -> HookRoute? {
        guard let entries = entries(of: node, what, allowedKeys: Self.routeKeys) else { return nil }
        guard let pipelineNode = entries["pipeline"] else {
            report("\(what) needs 'pipeline': the pipeline it starts", at: node)
            return nil
        }
        guard let pipelineName = text(pipelineNode, "\(what): pipeline") else { return nil }
        guard let pipeline = pipelines.first(where: { $0.name == pipelineName }) else {
            if !declared.contains(pipelineName) {
                let hint = KeySuggestion.closest(to: pipelineName, among: Array(declared)).map { " (did you mean '\($0)'?)" } ?? ""
                report("\(what): no pipeline '\(pipelineName)' in this file\(hint)", at: pipelineNode)
            }
            return nil
        }
        var route = HookRoute(pipeline: pipelineName)
        var valid = true
        if let presetNode = entries["preset"], let preset = text(presetNode, "\(what): preset") {
            if pipeline.presets[preset] == nil {
                let hint = KeySuggestion.closest(to: preset, among: pipeline.presets.keys.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                report("\(what): pipeline '\(pipelineName)' has no preset '\(preset)'\(hint)", at: presetNode)
                valid = false
            }
            route.preset = preset
        }
        if let whenNode = entries["when"] {
            for condition in self.entries(of: whenNode, "\(what): when") ?? [] {
                if let parsed = parseConditions(condition, "\(what): when") { route.when += parsed } else { valid = false }
            }
        }
        if let parametersNode = entries["parameters"] {
            for mapping in self.entries(of: parametersNode, "\(what): parameters") ?? [] {
                if let parsed = parseMapping(mapping, pipeline: pipeline, "\(what): parameters") { route.parameters.append(parsed) } else { valid = false }
            }
        }
        return valid ? route : nil
    }

    /// `event: push`, `/ref: refs/heads/main`, `headers: {X-Name: value}`; a value may be a list (any of).
    private mutating func parseConditions(_ entry: YAMLEntry, _ what: String) -> [HookCondition]? {
        if entry.key == "headers" {
            var conditions: [HookCondition] = []
            for header in entries(of: entry.value, "\(what): headers") ?? [] {
                guard Self.isHeaderName(header.key) else {
                    report("\(what): headers: '\(header.key)' is not a valid header name", at: header.keyNode)
                    return nil
                }
                guard let patterns = patterns(header.value, "\(what): headers.\(header.key)") else { return nil }
                conditions.append(HookCondition(subject: .header(header.key), patterns: patterns))
            }
            return conditions
        }
        let subject: HookCondition.Subject
        if entry.key == "event" {
            subject = .event
        } else if let pointer = JSONPointer(entry.key), entry.key.hasPrefix("/") {
            subject = .pointer(pointer)
        } else {
            report("\(what): '\(entry.key)' is neither 'event', 'headers' nor a JSON pointer (/path/to/value)", at: entry.keyNode)
            return nil
        }
        guard let patterns = patterns(entry.value, "\(what): \(entry.key)") else { return nil }
        return [HookCondition(subject: subject, patterns: patterns)]
    }

    private mutating func patterns(_ node: Node, _ what: String) -> [HookPattern]? {
        let nodes: [Node]
        if case .sequence = node { nodes = items(of: node, what) ?? [] } else { nodes = [node] }
        guard !nodes.isEmpty else {
            report("\(what): give a value to match (or a list of them)", at: node)
            return nil
        }
        var patterns: [HookPattern] = []
        for item in nodes {
            guard item.isScalarValue, let value = jsonValue(item, what) else {
                report("\(what): a value to match must be a string, number or boolean, not \(item.kindDescription)", at: item)
                return nil
            }
            patterns.append(HookPattern(value))
        }
        return patterns
    }

    /// `step.param: /pointer` or `param: /pointer`, checked against the pipeline's declarations.
    private mutating func parseMapping(_ entry: YAMLEntry, pipeline: Pipeline, _ what: String) -> HookParameterMapping? {
        guard let pointerText = text(entry.value, "\(what): \(entry.key)") else { return nil }
        guard let pointer = JSONPointer(pointerText) else {
            report("\(what): \(entry.key): '\(pointerText)' is not a JSON pointer (write /path/to/value)", at: entry.value)
            return nil
        }
        let parts = entry.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            guard pipeline.steps.contains(where: { $0.parameter(named: parts[0]) != nil }) else {
                report("\(what): no step of pipeline '\(pipeline.name)' declares a parameter '\(parts[0])'", at: entry.keyNode)
                return nil
            }
            return HookParameterMapping(step: nil, parameter: parts[0], pointer: pointer)
        case 2:
            guard let step = pipeline.step(named: parts[0]) else {
                let hint = KeySuggestion.closest(to: parts[0], among: pipeline.steps.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                report("\(what): '\(parts[0])' is not a step of pipeline '\(pipeline.name)'\(hint)", at: entry.keyNode)
                return nil
            }
            guard step.parameter(named: parts[1]) != nil else {
                let hint = KeySuggestion.closest(to: parts[1], among: step.parameters.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                report("\(what): step '\(step.name)' has no parameter '\(parts[1])'\(hint)", at: entry.keyNode)
                return nil
            }
            return HookParameterMapping(step: step.name, parameter: parts[1], pointer: pointer)
        default:
            report("\(what): '\(entry.key)' must be step.parameter or parameter", at: entry.keyNode)
            return nil
        }
    }

    /// RFC 9110 token characters.
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 128 && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
        }
    }
}
