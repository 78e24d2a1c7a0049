import Foundation
public import RedisClient

/// A primary, its replicas and one Redis Sentinel watching them, all private processes on loopback:
/// for tests that stop the primary and follow the failover.
public final class SentinelFixture: @unchecked Sendable {
    // @unchecked: the servers are only started and stopped by the test that owns the fixture.
    public static let masterName = "kickoff-primary"
    public let primary: RedisServerProcess
    public let replicas: [RedisServerProcess]
    public let sentinel: RedisServerProcess

    /// Returns once every replica is in sync and the sentinel knows them all (a failover needs that).
    public init(replicas count: Int) async throws {
        let primary = try RedisServerProcess()
        self.primary = primary
        try await primary.start()
        replicas = try (0..<count).map { _ in try RedisServerProcess.replica(of: primary) }
        for replica in replicas {
            try await replica.start()
            try await Self.waitUntilInSync(replica)
        }
        sentinel = try RedisServerProcess(sentinelFor: primary, masterName: Self.masterName)
        try await sentinel.start()
        let sentinelPort = sentinel.port
        try await Eventually.poll("the sentinel knows \(count) healthy replica(s)") {
            try await Self.healthyReplicas(sentinelPort: sentinelPort) == count
        }
        // A replica counts for WAIT only after its first REPLCONF ACK (sent once a second), which
        // can come after it reports itself connected.
        if count > 0 { try await waitUntilReplicated(count: count) }
    }

    deinit { stop() }

    /// `127.0.0.1:PORT`, for `KICKOFF_REDIS_SENTINELS`.
    public var sentinelList: String { "127.0.0.1:\(sentinel.port)" }

    /// Finds the primary through the sentinel (host and port are not used); with `minReplicas`,
    /// acknowledged writes wait for that many replicas, two seconds at most (the machine may be busy).
    public func configuration(minReplicas: Int = 0) -> RedisConfiguration {
        var configuration = RedisConfiguration(host: "127.0.0.1", port: 1,
                                               reconnectBackoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(200)))
        configuration.sentinel = SentinelConfiguration(sentinels: [SentinelEndpoint(host: "127.0.0.1", port: sentinel.port)],
                                                       masterName: Self.masterName)
        if minReplicas > 0 { configuration.replicaAcknowledgement = ReplicaAcknowledgement(replicas: minReplicas, timeout: .seconds(2)) }
        return configuration
    }

    /// The port the sentinel names as the primary now.
    public func primaryPort() async throws -> Int? {
        let reply = try await Self.command(port: sentinel.port, RedisCommand("SENTINEL", "get-master-addr-by-name", Self.masterName))
        return reply.array?.last?.int.map(Int.init)
    }

    /// The server the sentinel names as the primary now.
    public func currentPrimary() async throws -> RedisServerProcess? {
        let port = try await primaryPort()
        return ([primary] + replicas).first { $0.port == port }
    }

    /// `ROLE`'s first element: `master` or `slave`.
    public static func role(of server: RedisServerProcess) async throws -> String? {
        try await command(port: server.port, RedisCommand("ROLE")).array?.first?.string
    }

    /// Waits until `WAIT` on a fresh write confirms `count` replicas: everything written before is on them.
    public func waitUntilReplicated(count: Int) async throws {
        let port = primary.port
        try await Eventually.poll("\(count) replica(s) have every write") {
            let replies = try await onOwnThread {
                try BlockingRedisConnection(configuration: RedisConfiguration(host: "127.0.0.1", port: port))
                    .pipeline([RedisCommand("INCR", "sentinel-fixture-marker"), RedisCommand("WAIT", count, 1000)])
            }
            return (replies.last?.int ?? 0) >= count
        }
    }

    public func stop() {
        sentinel.kill()
        for replica in replicas { replica.kill() }
        primary.kill()
    }

    /// One command on a connection of its own, on a thread of its own.
    public static func command(port: Int, _ command: RedisCommand) async throws -> RedisReply {
        try await onOwnThread {
            try BlockingRedisConnection(configuration: RedisConfiguration(host: "127.0.0.1", port: port)).send(command)
        }
    }

    /// `ROLE` on a replica: `["slave", host, port, "connected", offset]` once the initial sync is done.
    private static func waitUntilInSync(_ replica: RedisServerProcess) async throws {
        try await Eventually.poll("the replica on port \(replica.port) is in sync") {
            // A reset (the sentinel reconfiguring the server closes its clients) is "not yet".
            guard let reply = try? await command(port: replica.port, RedisCommand("ROLE")) else { return false }
            return reply.array.map { $0.count > 3 && $0[3].string == "connected" } ?? false
        }
    }

    /// Replicas the sentinel lists with no flag but `slave` (not down, not disconnected).
    private static func healthyReplicas(sentinelPort: Int) async throws -> Int {
        let reply = try await command(port: sentinelPort, RedisCommand("SENTINEL", "replicas", masterName))
        return (reply.array ?? []).filter { entry in
            let fields = entry.array ?? []
            let flags = stride(from: 0, to: fields.count - 1, by: 2).first { fields[$0].string == "flags" }.flatMap { fields[$0 + 1].string }
            return flags == "slave"
        }.count
    }
}
