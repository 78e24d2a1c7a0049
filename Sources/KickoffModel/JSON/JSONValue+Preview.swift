extension JSONValue {
    /// Compact JSON for messages, cut to about 60 characters so that a huge value cannot flood a
    /// diagnostic or an error response.
    public var preview: String {
        let text = jsonString()
        guard text.count > 60 else { return text }
        return String(text.prefix(57)) + "..."
    }
}

extension Array where Element == JSONValue {
    /// `[a, b, c]` of the values' previews, for messages.
    public var previewList: String {
        "[" + map(\.preview).joined(separator: ", ") + "]"
    }
}
