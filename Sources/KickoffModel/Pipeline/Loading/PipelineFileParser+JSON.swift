import Yams

extension PipelineFileParser {
    /// The YAML value as JSON (defaults, `enum` values, presets, schedule parameters), or nil
    /// (reported) when it has no JSON form: `.inf`, `.nan`, integers beyond 64 bits, other tags.
    mutating func jsonValue(_ node: Node, _ what: String) -> JSONValue? {
        switch node {
        case .scalar(let scalar):
            return jsonScalar(scalar.string, tag: node.tagName, at: node, what)
        case .sequence(let sequence):
            var values: [JSONValue] = []
            var failed = false
            for item in sequence {
                if let value = jsonValue(item, what) { values.append(value) } else { failed = true }
            }
            return failed ? nil : .array(values)
        case .mapping:
            guard let entries = entries(of: node, what) else { return nil }
            var object: [String: JSONValue] = [:]
            var failed = false
            for entry in entries {
                if let value = jsonValue(entry.value, what) { object[entry.key] = value } else { failed = true }
            }
            return failed ? nil : .object(object)
        case .alias:
            // Yams replaces aliases by the anchored node while composing.
            report("\(what): unexpected YAML alias", at: node)
            return nil
        }
    }

    private mutating func jsonScalar(_ text: String, tag: Tag.Name, at node: Node, _ what: String) -> JSONValue? {
        switch tag {
        case .null:
            return .null
        case .bool:
            return .bool(text.lowercased() == "true")
        case .str:
            return .string(text)
        case .int:
            if let value = Self.integer(text) { return .integer(value) }
            report("\(what): \(text) does not fit in a 64-bit integer", at: node)
            return nil
        case .float:
            if let value = Double(text), value.isFinite { return .number(value) }
            report("\(what): \(text) is not a finite number, which JSON cannot carry", at: node)
            return nil
        default:
            report("\(what): the YAML tag '\(tag.rawValue)' is not supported", at: node)
            return nil
        }
    }

    /// A core schema integer: decimal with an optional sign, `0x` hexadecimal or `0o` octal.
    private static func integer(_ text: String) -> Int64? {
        if text.hasPrefix("0x") { return Int64(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int64(text.dropFirst(2), radix: 8) }
        return Int64(text)
    }
}
