extension BlockingRedisConnection {
    /// After a write on this connection: waits (`WAIT`) until the configured number of replicas has
    /// it. Does nothing without `replicaAcknowledgement`; throws `.notReplicated` when too few
    /// replicas confirm within its timeout.
    public func awaitReplicas() throws(RedisError) {
        guard let required = configuration.replicaAcknowledgement else { return }
        let reply = try pipeline([required.command], timeout: required.timeout + configuration.commandTimeout)[0]
        try required.check(reply, endpoint: endpoint)
    }
}
