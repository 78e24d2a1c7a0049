public import KickoffModel
public import RedisClient
extension RedisFailoverSettings {
    public var sentinel: SentinelConfiguration? {
        guard let masterName, !sentinels.isEmpty else { return nil }
        return SentinelConfiguration(sentinels: sentinels.map { SentinelEndpoint(host: $0.host, port: $0.port) }, masterName: masterName, password: sentinelPassword)
    }

    /// The cluster's nodes; commands without a key go to the primary holding `homeKey` (the namespace's).
    public func cluster(homeKey: String) -> ClusterConfiguration? {
        guard !clusterNodes.isEmpty else { return nil }
        return ClusterConfiguration(seeds: clusterNodes.map { ClusterNode(host: $0.host, port: $0.port) }, homeKey: homeKey)
    }

    public var replicaAcknowledgement: ReplicaAcknowledgement? {
        minReplicas > 0 ? ReplicaAcknowledgement(replicas: minReplicas, timeout: replicaTimeout) : nil
    }
}
