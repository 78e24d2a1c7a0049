public import KickoffModel
public import RedisClient
extension RedisFailoverSettings {
    public var sentinel: SentinelConfiguration? {
        guard let masterName, !sentinels.isEmpty else { return nil }
        return SentinelConfiguration(sentinels: sentinels.map { SentinelEndpoint(host: $0.host, port: $0.port) }, masterName: masterName, password: sentinelPassword)
    }

    public var replicaAcknowledgement: ReplicaAcknowledgement? {
        minReplicas > 0 ? ReplicaAcknowledgement(replicas: minReplicas, timeout: replicaTimeout) : nil
    }
}
