import Yams

extension Node {
    /// The resolved tag (`.str`, `.int`, `.null`…) under `YAMLCoreSchema`.
    /// (Yams keeps `Tag.name` internal; the raw value is the same.)
    var tagName: Tag.Name {
        Tag.Name(rawValue: tag.rawValue)
    }

    /// A plain null: `~`, `null` or nothing at all.
    var isNull: Bool {
        if case .scalar = self { return tagName == .null }
        return false
    }

    /// A scalar other than null.
    var isScalarValue: Bool {
        if case .scalar = self { return !isNull }
        return false
    }

    /// What the node is, for messages: "a mapping", "a list", "a string", "an integer"…
    var kindDescription: String {
        switch self {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar:
            switch tagName {
            case .null: "null"
            case .bool: "a boolean"
            case .int: "an integer"
            case .float: "a number"
            default: "a string"
            }
        }
    }
}
