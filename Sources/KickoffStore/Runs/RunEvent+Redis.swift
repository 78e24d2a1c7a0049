import KickoffModel
import RedisClient
extension RunEvent {
    /// Decodes XRANGE / XREAD entries (`[[id, [field, value, …]], …]`).
    static func decode(_ reply: RedisReply) -> [RunEvent] {
        (reply.array ?? []).compactMap { entry in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string else { return nil }
            let fields = parts[1].hashFields
            return RunEvent(id: id, type: fields["type"] ?? "", data: fields["data"] ?? "{}")
        }
    }
}
