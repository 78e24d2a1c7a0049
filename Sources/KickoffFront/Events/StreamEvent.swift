import RedisClient

/// One entry of a run's event stream (`{ns}:events:<id>`): its stream id, type and JSON data.
struct StreamEvent: Sendable, Hashable {
    var id: String
    var type: String
    var data: String

    /// The types after which a run changes no more.
    static let finalTypes: Set<String> = ["run.succeeded", "run.failed", "run.canceled"]

    var isFinal: Bool { Self.finalTypes.contains(type) }

    /// Server-Sent Events framing: `id`, `event`, `data`, blank line. The data is one line of JSON.
    var sse: String {
        "id: \(id)\nevent: \(type)\ndata: \(data.replacingNewlines)\n\n"
    }

    /// Decodes an XREAD reply for one stream (`[[key, [[id, [field, value, …]], …]]]`); nil reply → [].
    static func decode(xread reply: RedisReply) -> [StreamEvent] {
        guard let streams = reply.array, let stream = streams.first?.array, stream.count == 2, let entries = stream[1].array else { return [] }
        return entries.compactMap { entry in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string, let fields = parts[1].array else { return nil }
            var event = StreamEvent(id: id, type: "", data: "{}")
            var index = 0
            while index + 1 < fields.count {
                switch fields[index].string {
                case "type": event.type = fields[index + 1].string ?? ""
                case "data": event.data = fields[index + 1].string ?? "{}"
                default: break
                }
                index += 2
            }
            return event
        }
    }

    /// A stream id as Redis writes them (`<ms>-<seq>`), or `0`: what `Last-Event-ID` may hold. Each
    /// part has at most 19 digits, so that it fits the 64-bit numbers Redis reads it into.
    static func isValidID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { (1...19).contains($0.utf8.count) && $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }
    }
}

private extension String {
    /// SSE ends a data line at a newline; JSON from the queue has none, but be safe.
    var replacingNewlines: String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\ndata: ")
    }
}
