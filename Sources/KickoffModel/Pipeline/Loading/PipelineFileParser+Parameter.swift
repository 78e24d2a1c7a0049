import Yams

extension PipelineFileParser {
    static let parameterKeys = ["type", "default", "enum", "required", "description"]

    /// One parameter declaration, or nil when it cannot be built (reported). `what` names it.
    mutating func parseParameter(named name: String, _ node: Node, keyNode: Node, _ what: String) -> ParameterSpec? {
        guard let entries = entries(of: node, what, allowedKeys: Self.parameterKeys) else { return nil }
        guard let typeNode = entries["type"] else {
            let types = ParameterType.allCases.map(\.rawValue).joined(separator: ", ")
            report("\(what) has no 'type' (one of \(types))", at: keyNode)
            return nil
        }
        guard let type = parameterType(typeNode, what) else { return nil }
        var valid = true

        var allowed: [JSONValue]?
        if let enumNode = entries["enum"] {
            allowed = parseAllowedValues(enumNode, type: type, what)
            valid = valid && allowed != nil
        }

        var defaultValue: JSONValue?
        if let defaultNode = entries["default"] {
            defaultValue = checkedValue(defaultNode, type: type, allowed: allowed, "\(what): default")
            valid = valid && defaultValue != nil
        }

        let required = entries["required"].flatMap { bool($0, "\(what): required") }
        if required == true, let defaultNode = entries["default"] {
            report("\(what): a required parameter cannot have a default (the default would never be used)", at: defaultNode)
            valid = false
        }
        let description = entries["description"].flatMap { text($0, "\(what): description") }

        guard valid else { return nil }
        return ParameterSpec(
            name: name, type: type, defaultValue: defaultValue, allowed: allowed, required: required,
            description: description
        )
    }

    private mutating func parameterType(_ node: Node, _ what: String) -> ParameterType? {
        guard let word = text(node, "\(what): type") else { return nil }
        if let type = ParameterType(rawValue: word) { return type }
        let types = ParameterType.allCases.map(\.rawValue)
        let hint = KeySuggestion.closest(to: word, among: types).map { " (did you mean '\($0)'?)" } ?? ""
        report("\(what): unknown type '\(word)'\(hint); use one of \(types.joined(separator: ", "))", at: node)
        return nil
    }

    /// The `enum` list, each value of `type`; nil (reported) when any is not.
    private mutating func parseAllowedValues(_ node: Node, type: ParameterType, _ what: String) -> [JSONValue]? {
        guard case .sequence = node, let items = items(of: node, "\(what): enum") else {
            report("\(what): enum must be a list of the allowed values, not \(node.kindDescription)", at: node)
            return nil
        }
        if items.isEmpty {
            report("\(what): enum is empty, so no value would be allowed", at: node)
            return nil
        }
        var values: [JSONValue] = []
        var valid = true
        for item in items {
            guard let value = checkedValue(item, type: type, allowed: nil, "\(what): enum value") else {
                valid = false
                continue
            }
            values.append(value)
        }
        return valid ? values : nil
    }

    /// The YAML value as a value of `type` (and one of `allowed`, when given), or nil (reported).
    /// Used for defaults, `enum` values, presets and schedule parameters.
    mutating func checkedValue(_ node: Node, type: ParameterType, allowed: [JSONValue]?, _ what: String) -> JSONValue? {
        guard let value = jsonValue(node, what) else { return nil }
        guard let accepted = type.accept(value) else {
            report("\(what): expected \(type.rawValue), got \(value.typeName) \(value.preview)", at: node)
            return nil
        }
        if let allowed, !allowed.containsParameterValue(accepted) {
            report("\(what): \(accepted.preview) is not one of the allowed values \(allowed.previewList)", at: node)
            return nil
        }
        return accepted
    }
}
