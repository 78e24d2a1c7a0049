/// How many replicas must confirm a write before it counts (`WAIT numreplicas timeout`), so that a
/// write acknowledged to a caller survives a failover to one of them. Used for the writes that
/// answer a caller (a trigger's enqueue) and, as a warning only, for a run's finish.
public struct ReplicaAcknowledgement: Sendable, Hashable {
    public var replicas: Int
    /// How long `WAIT` may block; keep it well below the command timeout, which bounds every reply.
    public var timeout: Duration

    public init(replicas: Int, timeout: Duration = .seconds(1)) {
        self.replicas = replicas
        self.timeout = timeout
    }

    var command: RedisCommand {
        RedisCommand("WAIT", replicas, Int(max(1, timeout.nanoseconds / 1_000_000)))
    }

    /// Throws `.notReplicated` unless `WAIT` counted enough replicas.
    func check(_ reply: RedisReply, endpoint: String) throws(RedisError) {
        if case .error(let message) = reply { throw .server(command: "WAIT", message: message) }
        guard let acknowledged = reply.int else { throw .unexpectedReply(command: "WAIT", reply: reply) }
        guard acknowledged >= replicas else {
            throw .notReplicated(endpoint: endpoint, acknowledged: Int(acknowledged), required: replicas)
        }
    }
}
