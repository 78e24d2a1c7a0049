import KickoffModel
import RedisClient
extension WebhookDelivery {
    init(hash reply: RedisReply) throws(WebhookStoreError) {
        do {
            try self.init(fields: reply.hashFields)
        } catch {
            throw .unreadable(id: error.id, reason: error.reason)
        }
    }
}
