/// Turns a `text/event-stream` body, fed in chunks that may split lines anywhere, into events,
/// following the WHATWG rules: lines end in LF, CR or CRLF; `:` starts a comment; a blank line
/// dispatches the event gathered so far (if it has data); `id` persists as the last event id.
struct ServerSentEventParser: Sendable {
    /// The id to send as `Last-Event-ID` when reconnecting.
    private(set) var lastEventID: String?
    private var line: [UInt8] = []
    /// A CR ended the previous chunk: an LF at the start of the next one belongs to it.
    private var skipLineFeed = false
    private var eventType = ""
    private var data: [String] = []
    private var eventID: String?

    init(lastEventID: String? = nil) {
        self.lastEventID = lastEventID
    }

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if skipLineFeed {
                skipLineFeed = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            switch byte {
            case UInt8(ascii: "\n"):
                if let event = endLine() { events.append(event) }
            case UInt8(ascii: "\r"):
                skipLineFeed = true
                if let event = endLine() { events.append(event) }
            default:
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        guard !line.isEmpty else { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring, value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            let rest = text[text.index(after: colon)...]
            value = rest.first == " " ? rest.dropFirst() : rest
        } else {
            field = text[...]
            value = ""
        }
        switch field {
        case "event": eventType = String(value)
        case "data": data.append(String(value))
        // An id with a NUL is ignored, as the spec says.
        case "id" where !value.contains("\0"): eventID = String(value)
        default: break  // `retry` and unknown fields: nothing this client needs.
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            eventType = ""
            data = []
            eventID = nil
        }
        if let eventID { lastEventID = eventID }
        guard !data.isEmpty else { return nil }
        return ServerSentEvent(id: eventID ?? lastEventID, type: eventType.isEmpty ? "message" : eventType, data: data.joined(separator: "\n"))
    }
}
