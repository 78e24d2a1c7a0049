import KickoffModel

/// A small JSON Schema checker for the subset the OpenAPI document uses: `type` (one or a list,
/// `null` included), `required`, `properties`, `additionalProperties` (false or a schema), `items`,
/// `enum`, `minLength`, `minItems`, `allOf` and `$ref` to `#/components/schemas/…`. Returns every violation with its path.
struct SchemaChecker {
    /// The whole document as Yams loaded it.
    let document: [String: Any]

    func violations(of value: JSONValue, against schema: Any, at path: String = "$") -> [String] {
        guard let schema = schema as? [String: Any] else { return ["\(path): schema is not a mapping"] }
        if let reference = schema["$ref"] as? String {
            guard let resolved = resolve(reference) else { return ["\(path): unresolvable \(reference)"] }
            return violations(of: value, against: resolved, at: path)
        }
        var problems: [String] = []
        for part in (schema["allOf"] as? [Any]) ?? [] {
            problems += violations(of: value, against: part, at: path)
        }
        if let type = schema["type"] {
            let types = (type as? [Any])?.compactMap { $0 as? String } ?? [(type as? String) ?? ""]
            if !types.contains(where: { Self.matches(value, type: $0) }) {
                return ["\(path): expected \(types.joined(separator: "|")), got \(value.typeName)"]
            }
        }
        if let allowed = schema["enum"] as? [Any], case .string(let text) = value,
           !allowed.contains(where: { ($0 as? String) == text }) {
            problems.append("\(path): '\(text)' not in enum \(allowed)")
        }
        if let minimum = schema["minLength"] as? Int, case .string(let text) = value, text.count < minimum {
            problems.append("\(path): shorter than \(minimum) characters")
        }
        if let minimum = schema["minItems"] as? Int, case .array(let items) = value, items.count < minimum {
            problems.append("\(path): fewer than \(minimum) items")
        }
        if case .object(let object) = value {
            for name in (schema["required"] as? [String]) ?? [] where object[name] == nil {
                problems.append("\(path): missing required '\(name)'")
            }
            let properties = (schema["properties"] as? [String: Any]) ?? [:]
            for (name, member) in object {
                if let propertySchema = properties[name] {
                    problems += violations(of: member, against: propertySchema, at: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool {
                        if !allowed { problems.append("\(path): unexpected property '\(name)'") }
                    } else {
                        problems += violations(of: member, against: additional, at: "\(path).\(name)")
                    }
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                problems += violations(of: item, against: itemSchema, at: "\(path)[\(index)]")
            }
        }
        return problems
    }

    private func resolve(_ reference: String) -> Any? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any = document
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let mapping = node as? [String: Any], let next = mapping[String(part)] else { return nil }
            node = next
        }
        return node
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .integer), ("number", .integer), ("number", .number),
             ("string", .string), ("array", .array), ("object", .object): true
        default: false
        }
    }
}
