import Yams

extension PipelineFileParser {
    /// The entries of a mapping in file order, or nil (reported) when `node` is not a mapping.
    /// Null (`key:` with nothing after it) reads as an empty mapping. Reports and drops keys that are
    /// not scalars, repeated keys, YAML merge keys, and keys outside `allowedKeys` when it is given.
    /// `what` names the mapping in messages ("step 'train'").
    mutating func entries(of node: Node, _ what: String, allowedKeys: [String]? = nil) -> [YAMLEntry]? {
        if node.isNull { return [] }
        guard case .mapping(let mapping) = node else {
            report("\(what) must be a mapping, not \(node.kindDescription)", at: node)
            return nil
        }
        var firstLines: [String: Int] = [:]
        var entries: [YAMLEntry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report("\(what): a key must be a plain name, not \(keyNode.kindDescription)", at: keyNode)
                continue
            }
            let key = scalar.string
            // Yams rejects most repeated keys itself; this also catches `1:` next to `"1":`,
            // which Yams sees as different (an integer and a string).
            if let firstLine = firstLines[key] {
                report("\(what): duplicate key '\(key)' (first at line \(firstLine))", at: keyNode)
                continue
            }
            firstLines[key] = keyNode.mark?.line ?? 1
            if keyNode.tagName == .merge {
                report("\(what): YAML merge keys ('<<') are not supported; write the values out", at: keyNode)
                continue
            }
            if let allowedKeys, !allowedKeys.contains(key) {
                report("\(what): \(Self.unknownKeyMessage(key, allowedKeys: allowedKeys))", at: keyNode)
                continue
            }
            entries.append(YAMLEntry(key: key, keyNode: keyNode, value: value))
        }
        return entries
    }

    /// The items of a list, or nil (reported) when `node` is not a list; null reads as an empty list.
    mutating func items(of node: Node, _ what: String) -> [Node]? {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            report("\(what) must be a list, not \(node.kindDescription)", at: node)
            return nil
        }
        return Array(sequence)
    }

    static func unknownKeyMessage(_ key: String, allowedKeys: [String]) -> String {
        let allowed = allowedKeys.joined(separator: ", ")
        if let suggestion = KeySuggestion.closest(to: key, among: allowedKeys) {
            return "unknown key '\(key)' (did you mean '\(suggestion)'?); allowed: \(allowed)"
        }
        return "unknown key '\(key)'; allowed: \(allowed)"
    }
}
