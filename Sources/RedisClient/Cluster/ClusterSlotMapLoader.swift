import NIOCore

/// Loads the slot map for both faces of the client: asks the known primaries, then the seeds, in
/// turn `CLUSTER SLOTS`, each on a short-lived connection, and keeps the first answer. The node that
/// just failed is asked last: it is probably the one that died.
struct ClusterSlotMapLoader: Sendable {
    let configuration: RedisConfiguration
    let cluster: ClusterConfiguration

    static let question = RedisCommand("CLUSTER", "SLOTS")

    /// Known primaries first (the seeds may be stale after a failover), then the seeds; each once.
    func candidates(known: [ClusterNode], failed: ClusterNode?) -> [ClusterNode] {
        var seen: Set<ClusterNode> = []
        let all = (known + cluster.seeds).filter { seen.insert($0).inserted }
        guard let failed else { return all }
        return all.filter { $0 != failed } + all.filter { $0 == failed }
    }

    /// How to ask one node: its address, the data nodes' credentials, a short reply timeout.
    func nodeConfiguration(_ node: ClusterNode) -> RedisConfiguration {
        var node = configuration.clusterNode(node)
        node.commandTimeout = configuration.connectTimeout
        node.observer = nil
        return node
    }

    func noAnswer(_ failures: [String]) -> RedisError {
        .connection(endpoint: cluster.description, reason: "no node answered CLUSTER SLOTS: " + failures.joined(separator: "; "))
    }

    /// On the calling thread (a worker's own).
    func loadBlocking(known: [ClusterNode], failed: ClusterNode?) throws(RedisError) -> ClusterSlotMap {
        var failures: [String] = []
        for node in candidates(known: known, failed: failed) {
            let connection = BlockingRedisConnection(configuration: nodeConfiguration(node))
            defer { connection.close() }
            do {
                return try ClusterSlotMap(clusterSlots: connection.send(Self.question), asked: node)
            } catch {
                failures.append("\(node): \(error)")
            }
        }
        throw noAnswer(failures)
    }

    /// Over SwiftNIO.
    func load(known: [ClusterNode], failed: ClusterNode?, eventLoop: any EventLoop) async throws(RedisError) -> ClusterSlotMap {
        var failures: [String] = []
        for node in candidates(known: known, failed: failed) {
            do {
                let connection = try await RedisConnection.mapError(node.description) {
                    try await RedisConnection.makeNodeConnection(configuration: nodeConfiguration(node), eventLoop: eventLoop,
                                                                 commandTimeout: configuration.connectTimeout).get()
                }
                let reply: RedisReply
                do {
                    reply = try await connection.send(Self.question)
                } catch {
                    await connection.close()
                    throw error
                }
                await connection.close()
                return try ClusterSlotMap(clusterSlots: reply, asked: node)
            } catch {
                failures.append("\(node): \(error)")
            }
        }
        throw noAnswer(failures)
    }
}
