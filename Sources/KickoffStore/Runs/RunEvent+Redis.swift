import KickoffModel
import RedisClient

extension RunEvent {
    /// Decodes XRANGE / XREVRANGE entries (`[[id, [field, value, …]], …]`).
    static func decode(_ reply: RedisReply) -> [RunEvent] {
        (reply.array ?? []).compactMap { entry in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string else { return nil }
            let fields = parts[1].hashFields
            return RunEvent(id: id, type: fields["type"] ?? "", data: fields["data"] ?? "{}")
        }
    }

    /// Decodes an XREAD reply (`[[stream key, entries], …]`; nil when the read timed out): each
    /// stream's key with its events.
    static func decode(xread reply: RedisReply) -> [(key: String, events: [RunEvent])] {
        (reply.array ?? []).compactMap { stream in
            guard let parts = stream.array, parts.count == 2, let key = parts[0].string else { return nil }
            return (key, decode(parts[1]))
        }
    }
}
