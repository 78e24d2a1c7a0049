import Yams

/// One key-value pair of a YAML mapping, with the key's node kept for its line.
struct YAMLEntry {
    let key: String
    let keyNode: Node
    let value: Node
}

extension Array where Element == YAMLEntry {
    /// The value of `key`, or nil (keys are unique once `PipelineFileParser.entries(of:)` checked them).
    subscript(_ key: String) -> Node? {
        first { $0.key == key }?.value
    }
}
