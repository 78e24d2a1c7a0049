public import KickoffModel
public import RedisClient
extension RunRecord {
    /// Decodes HGETALL's reply; nil when the hash does not exist or lacks the basics.
    public init?(hash reply: RedisReply) throws(RunRecordError) {
        guard let elements = reply.array, !elements.isEmpty else { return nil }
        try self.init(fields: reply.hashFields)
    }
}
