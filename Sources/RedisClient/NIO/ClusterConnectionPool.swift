import NIOCore
import Synchronization

/// The non-blocking client's connections to a Redis Cluster: `connectionCount` per primary, opened
/// on demand, and the slot map. Each command goes to its slot's primary; MOVED drops the map (the
/// next command reloads it) and is followed, ASK is followed with ASKING, a connection error drops
/// the map so that the next command asks the cluster again (a failover: `.connection` errors until
/// a replica is promoted). One map load at a time, whatever the number of callers waiting on it.
final class ClusterConnectionPool: Sendable {
    private struct State {
        var map: ClusterSlotMap?
        var loading: Task<ClusterSlotMap, any Error>?
        var knownPrimaries: [ClusterNode] = []
        var failedNode: ClusterNode?
        var pools: [ClusterNode: [ConnectionSlot]] = [:]
        var next = 0
        var closed = false
    }

    private let configuration: RedisConfiguration
    private let cluster: ClusterConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let connectionCount: Int
    private let state = Mutex(State())

    init(configuration: RedisConfiguration, cluster: ClusterConfiguration, connectionCount: Int, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        self.cluster = cluster
        self.connectionCount = max(1, connectionCount)
        self.eventLoopGroup = eventLoopGroup
    }

    /// Sends the commands to their slot's primary, back to back on one connection; error replies
    /// (other than redirects) stay in the result.
    func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        var redirect: ClusterRedirect?
        for _ in 0...ClusterConfiguration.maximumRedirects {
            let target: ClusterNode
            if let redirect {
                target = redirect.node
            } else {
                target = try await owner(ofSlot: ClusterRouting.slot(of: commands, home: cluster.homeSlot))
            }
            let asking = redirect?.kind == .ask
            var replies = try await exchange(asking ? ClusterRouting.asking(commands) : commands, on: target)
            if asking { replies = ClusterRouting.withoutAsking(replies) }
            switch ClusterRouting.outcome(commands, replies, asked: target) {
            case .done:
                return replies
            case .redirectAll(let next):
                if next.kind == .moved { forgetMap() }
                redirect = next
            case .redirectSome(let indices):
                if indices.contains(where: { ClusterRedirect(replies[$0], asked: target)?.kind == .moved }) { forgetMap() }
                for index in indices {
                    replies[index] = try await pipeline([commands[index]])[0]
                }
                return replies
            }
        }
        throw redirect.map { ClusterRouting.tooManyRedirects($0, cluster: cluster) } ?? ClusterRouting.noOwner(slot: -1, cluster: cluster)
    }

    /// The primary serving `slot`, loading the map first when there is none.
    func owner(ofSlot slot: Int) async throws(RedisError) -> ClusterNode {
        let map = try await currentMap()
        guard let owner = map.owner(of: slot) else {
            forgetMap()
            throw ClusterRouting.noOwner(slot: slot, cluster: cluster)
        }
        return owner
    }

    func shutdown() async {
        let slots = state.withLock { state in
            state.closed = true
            return state.pools.values.flatMap { $0 }
        }
        for slot in slots { await slot.close() }
    }

    private func exchange(_ commands: [RedisCommand], on node: ClusterNode) async throws(RedisError) -> [RedisReply] {
        do {
            return try await connection(to: node).pipeline(commands)
        } catch where error.isConnectionError {
            state.withLock { state in
                state.map = nil
                state.failedNode = node
            }
            throw error
        }
    }

    private func connection(to node: ClusterNode) async throws(RedisError) -> RedisConnection {
        let slot: ConnectionSlot? = state.withLock { state in
            guard !state.closed else { return nil }
            let pool = state.pools[node] ?? (0..<connectionCount).map { _ in
                ConnectionSlot(configuration: configuration.clusterNode(node), eventLoop: eventLoopGroup.next())
            }
            state.pools[node] = pool
            state.next = (state.next + 1) % pool.count
            return pool[state.next]
        }
        guard let slot else { throw .connection(endpoint: node.description, reason: "client shut down") }
        return try await slot.connection()
    }

    private func forgetMap() {
        state.withLock { $0.map = nil }
    }

    private func currentMap() async throws(RedisError) -> ClusterSlotMap {
        let loader = ClusterSlotMapLoader(configuration: configuration, cluster: cluster)
        let eventLoop = eventLoopGroup.next()
        let ready: ClusterSlotMap? = state.withLock { $0.map }
        if let ready { return ready }
        let task: Task<ClusterSlotMap, any Error> = state.withLock { state in
            if let map = state.map { return Task { () async throws -> ClusterSlotMap in map } }  // loaded meanwhile: rare
            if let loading = state.loading { return loading }
            let (known, failed) = (state.knownPrimaries, state.failedNode)
            let loading = Task { () async throws -> ClusterSlotMap in
                try await loader.load(known: known, failed: failed, eventLoop: eventLoop)
            }
            state.loading = loading
            return loading
        }
        let result = await task.result
        state.withLock { state in
            guard state.loading == task else { return }
            state.loading = nil
            if case .success(let map) = result {
                state.map = map
                state.knownPrimaries = map.primaries
                state.failedNode = nil
            }
        }
        switch result {
        case .success(let map): return map
        case .failure(let error as RedisError): throw error
        case .failure(let error): throw .connection(endpoint: cluster.description, reason: "\(error)")
        }
    }
}
