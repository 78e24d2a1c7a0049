/// A RESP2 reply, copied out of hiredis into plain Swift values.
public enum RedisReply: Sendable, Hashable {
    case status(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8])
    case null
    case array([RedisReply])
}
