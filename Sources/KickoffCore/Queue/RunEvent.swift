import RedisClient

/// One entry of a run's event stream: `run.running`, `step.succeeded`, `run.failed`, …
public struct RunEvent: Sendable, Hashable {
    /// The stream entry id: SSE's `id`, and where `Last-Event-ID` resumes.
    public var id: String
    public var type: String
    /// JSON text.
    public var data: String

    /// Decodes XRANGE / XREAD entries (`[[id, [field, value, …]], …]`).
    static func decode(_ reply: RedisReply) -> [RunEvent] {
        (reply.array ?? []).compactMap { entry in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string, let fields = parts[1].array else { return nil }
            var type = "", data = "{}"
            var index = 0
            while index + 1 < fields.count {
                switch fields[index].string {
                case "type": type = fields[index + 1].string ?? ""
                case "data": data = fields[index + 1].string ?? "{}"
                default: break
                }
                index += 2
            }
            return RunEvent(id: id, type: type, data: data)
        }
    }
}
