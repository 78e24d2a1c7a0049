import KickoffModel

extension RunEvent {
    /// Server-Sent Events framing: `id`, `event`, `data`, blank line. The data is one line of JSON.
    var sse: String {
        "id: \(id)\nevent: \(type)\ndata: \(data.replacingNewlines)\n\n"
    }
}

private extension String {
    /// SSE ends a data line at a newline; JSON from the queue has none, but be safe.
    var replacingNewlines: String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\ndata: ")
    }
}
