extension BlockingRedisConnection {
    /// Sends the commands to the primary serving their slot, following MOVED (the map is reloaded
    /// before the next command) and ASK (ASKING, then the command; the map stays). A connection
    /// error drops the map, so the next call asks the cluster again: during a failover calls fail
    /// with `.connection` until a replica is promoted, then go to it.
    func clusterExchange(_ commands: [RedisCommand], cluster: ClusterConfiguration, timeout: Duration?) throws(RedisError) -> [RedisReply] {
        var redirect: ClusterRedirect?
        for _ in 0...ClusterConfiguration.maximumRedirects {
            let target: ClusterNode
            if let redirect {
                target = redirect.node
            } else {
                target = try owner(ofSlot: ClusterRouting.slot(of: commands, home: cluster.homeSlot), cluster: cluster)
            }
            let asking = redirect?.kind == .ask
            var replies = try exchange(asking ? ClusterRouting.asking(commands) : commands, on: target, timeout: timeout)
            if asking { replies = ClusterRouting.withoutAsking(replies) }
            switch ClusterRouting.outcome(commands, replies, asked: target) {
            case .done:
                return replies
            case .redirectAll(let next):
                if next.kind == .moved { slotMap = nil }
                redirect = next
            case .redirectSome(let indices):
                if indices.contains(where: { ClusterRedirect(replies[$0], asked: target)?.kind == .moved }) { slotMap = nil }
                for index in indices {
                    replies[index] = try clusterExchange([commands[index]], cluster: cluster, timeout: timeout)[0]
                }
                return replies
            }
        }
        throw redirect.map { ClusterRouting.tooManyRedirects($0, cluster: cluster) } ?? ClusterRouting.noOwner(slot: -1, cluster: cluster)
    }

    /// The primary serving `slot`, loading the slot map first when there is none.
    func owner(ofSlot slot: Int, cluster: ClusterConfiguration) throws(RedisError) -> ClusterNode {
        if slotMap == nil {
            waitOutBackoff()
            do {
                let map = try ClusterSlotMapLoader(configuration: configuration, cluster: cluster)
                    .loadBlocking(known: knownPrimaries, failed: failedNode)
                slotMap = map
                knownPrimaries = map.primaries
                failedNode = nil
            } catch {
                noteFailedAttempt()
                throw error
            }
        }
        guard let owner = slotMap?.owner(of: slot) else {
            slotMap = nil
            noteFailedAttempt()
            throw ClusterRouting.noOwner(slot: slot, cluster: cluster)
        }
        return owner
    }

    /// The commands on a connection to `target` (the current one, or a new one after closing it).
    private func exchange(_ commands: [RedisCommand], on target: ClusterNode, timeout: Duration?) throws(RedisError) -> [RedisReply] {
        if clusterNode != target {
            close()
            clusterNode = target
        }
        do {
            return try exchange(commands, timeout: timeout)
        } catch where error.isConnectionError {
            slotMap = nil
            failedNode = target
            throw error
        }
    }
}
