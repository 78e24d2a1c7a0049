/// Where to find a Redis Cluster: a few of its nodes (any will do; more than one in case one is
/// down), asked for the slot map. The data nodes keep the URL's user and password; the database
/// must be 0 (Redis Cluster has no other).
public struct ClusterConfiguration: Sendable, Hashable {
    public var seeds: [ClusterNode]
    /// Commands without a key (PING, TIME, INFO, CONFIG GET, a script given no keys) go to the
    /// primary serving this key's slot: the node holding the application's data.
    public var homeKey: [UInt8]

    public init(seeds: [ClusterNode], homeKey: String) {
        self.seeds = seeds
        self.homeKey = Array(homeKey.utf8)
    }

    /// How many MOVED/ASK redirects one command follows before it fails as a connection error.
    static let maximumRedirects = 5

    var homeSlot: Int { KeySlot.of(homeKey) }

    /// `cluster via 127.0.0.1:7000,127.0.0.1:7001`, for messages.
    public var description: String {
        "cluster via " + seeds.map(\.description).joined(separator: ",")
    }
}

extension RedisConfiguration {
    /// How to talk to one node of the cluster: its address, the same credentials and timeouts.
    func clusterNode(_ node: ClusterNode) -> RedisConfiguration {
        var configuration = self
        configuration.host = node.host
        configuration.port = node.port
        configuration.cluster = nil
        configuration.sentinel = nil
        return configuration
    }
}
