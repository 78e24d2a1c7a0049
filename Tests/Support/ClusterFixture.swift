import Foundation
public import RedisClient

/// A real Redis Cluster on loopback: 3 primaries with a replica each (`redis-cli --cluster create
/// … --cluster-replicas 1`), private processes that a test may kill; or the cluster `scripts/test`
/// started (`KICKOFF_TEST_REDIS_CLUSTER`), shared, which tests must leave as they found it.
/// `cluster-node-timeout` is 1 s: a replica takes over a killed primary within a few seconds.
public final class ClusterFixture: @unchecked Sendable {
    // @unchecked: the servers are only started and stopped by the test that owns the fixture.
    public let ports: [Int]
    private let servers: [RedisServerProcess]

    /// Starts six servers and joins them into a cluster; returns once every slot is served and every
    /// replica is in sync.
    public init() async throws {
        let arguments = ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
                         "--cluster-replica-validity-factor", "0"]
        servers = try (0..<6).map { _ in try RedisServerProcess(extraArguments: arguments, port: FreePort.findForClusterNode()) }
        ports = servers.map(\.port)
        for server in servers { try await server.start() }
        try await Self.create(ports: ports)
        try await waitUntilHealthy()
    }

    /// A cluster someone else started and stops.
    public init(existing ports: [Int]) {
        self.ports = ports
        servers = []
    }

    deinit { stop() }

    public func stop() {
        for server in servers { server.kill() }
    }

    /// `127.0.0.1:PORT` of the given nodes, for `KICKOFF_REDIS_CLUSTER` / `--redis-cluster`.
    public static func list(_ ports: [Int]) -> String { ports.map { "127.0.0.1:\($0)" }.joined(separator: ",") }

    /// A cluster client configuration seeded with `seeds` only (default: every node); keyless commands
    /// go to the primary of `homeKey`.
    public func configuration(seeds: [Int]? = nil, homeKey: String = "{kickoff}:") -> RedisConfiguration {
        var configuration = RedisConfiguration(host: "127.0.0.1", port: (seeds ?? ports)[0],
                                               reconnectBackoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(200)))
        configuration.cluster = ClusterConfiguration(seeds: (seeds ?? ports).map { ClusterNode(host: "127.0.0.1", port: $0) }, homeKey: homeKey)
        return configuration
    }

    /// The server process on `port` (nil for a shared cluster).
    public func server(port: Int) -> RedisServerProcess? {
        servers.first { $0.port == port }
    }

    /// One slot range as `CLUSTER SLOTS` tells it: its primary's port and its replicas'.
    public struct Shard: Sendable, Hashable {
        public var slots: ClosedRange<Int>
        public var primary: Int
        public var replicas: [Int]
    }

    /// The slot map as `port` (default: any live node) sees it.
    public func shards(askingPort: Int? = nil) async throws -> [Shard] {
        let reply = try await command(port: askingPort ?? ports[0], RedisCommand("CLUSTER", "SLOTS"))
        return (reply.array ?? []).compactMap { entry in
            guard let fields = entry.array, fields.count >= 3, let first = fields[0].int, let last = fields[1].int,
                  let primary = fields[2].array?[1].int else { return nil }
            let replicas = fields.dropFirst(3).compactMap { $0.array?[1].int.map(Int.init) }
            return Shard(slots: Int(first)...Int(last), primary: Int(primary), replicas: replicas)
        }
    }

    /// The primary serving `key`'s slot, as `askingPort` sees it.
    public func owner(of key: String, askingPort: Int? = nil) async throws -> Int? {
        let slot = KeySlot.of(key)
        return try await shards(askingPort: askingPort).first { $0.slots.contains(slot) }?.primary
    }

    /// The replica of the primary serving `key`'s slot.
    public func replica(of key: String) async throws -> Int? {
        let slot = KeySlot.of(key)
        return try await shards().first { $0.slots.contains(slot) }?.replicas.first
    }

    /// A primary that does not serve `key`'s slot: where a client pointed "at the cluster" may land.
    public func primaryNotServing(_ key: String) async throws -> Int {
        let slot = KeySlot.of(key)
        let shards = try await shards()
        guard let other = shards.first(where: { !$0.slots.contains(slot) }) else { throw TestSupportError("one shard serves every slot") }
        return other.primary
    }

    /// `CLUSTER MYID` of the node on `port`.
    public func nodeID(port: Int) async throws -> String {
        guard let id = try await command(port: port, RedisCommand("CLUSTER", "MYID")).string else { throw TestSupportError("no CLUSTER MYID") }
        return id
    }

    /// One command on a plain connection to one node, its error reply (`-MOVED …`) returned, not thrown.
    public func reply(port: Int, _ command: RedisCommand) async throws -> RedisReply {
        try await onOwnThread {
            try BlockingRedisConnection(configuration: RedisConfiguration(host: "127.0.0.1", port: port)).pipeline([command])[0]
        }
    }

    /// One command on a plain (not cluster-aware) connection to one node.
    public func command(port: Int, _ command: RedisCommand) async throws -> RedisReply {
        try await onOwnThread {
            try BlockingRedisConnection(configuration: RedisConfiguration(host: "127.0.0.1", port: port)).send(command)
        }
    }

    /// Moves `slot` from its primary to the primary on `target`: SETSLOT IMPORTING/MIGRATING, MIGRATE
    /// of `keys`, then SETSLOT NODE everywhere. With `onlyStart` it stops after the MIGRATE: the slot
    /// stays half moved (the keys not given are still on the source), and clients are told ASK.
    public func moveSlot(_ slot: Int, to target: Int, onlyStart: Bool = false, keys: [String]) async throws {
        guard let source = try await shards().first(where: { $0.slots.contains(slot) })?.primary else {
            throw TestSupportError("nobody serves slot \(slot)")
        }
        let sourceID = try await nodeID(port: source)
        let targetID = try await nodeID(port: target)
        _ = try await command(port: target, RedisCommand("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceID))
        _ = try await command(port: source, RedisCommand("CLUSTER", "SETSLOT", slot, "MIGRATING", targetID))
        if !keys.isEmpty {
            _ = try await command(port: source, RedisCommand("MIGRATE", ["127.0.0.1", target, "", 0, 5000, "KEYS"] + keys))
        }
        guard !onlyStart else { return }
        for port in [target, source] + ports.filter({ $0 != target && $0 != source }) {
            // A replica or a dead node may refuse or fail: the primaries matter, gossip tells the rest.
            _ = try? await command(port: port, RedisCommand("CLUSTER", "SETSLOT", slot, "NODE", targetID))
        }
    }

    /// Every node says `cluster_state:ok`, they agree on the slot map and every primary's replica, and
    /// every replica is in sync.
    public func waitUntilHealthy(deadline: Duration = .seconds(60)) async throws {
        try await Eventually.poll("the cluster is healthy", deadline: deadline) {
            var maps: Set<[Shard]> = []
            for port in self.ports where self.server(port: port).map({ $0.isRunning }) ?? true {
                guard let info = try? await self.command(port: port, RedisCommand("CLUSTER", "INFO")).string,
                      info.contains("cluster_state:ok") else { return false }
                guard let role = try? await self.command(port: port, RedisCommand("ROLE")).array else { return false }
                if role.first?.string == "slave", role.count > 3, role[3].string != "connected" { return false }
                // Each primary's replica known to every node (gossip), so a test can find it anywhere.
                guard let shards = try? await self.shards(askingPort: port), shards.allSatisfy({ !$0.replicas.isEmpty }) else { return false }
                maps.insert(shards)
            }
            return maps.count == 1
        }
    }

    private static func create(ports: [Int]) async throws {
        let process = Process()
        process.executableURL = try Executable.find("redis-cli")
        process.arguments = ["--cluster", "create"] + ports.map { "127.0.0.1:\($0)" } + ["--cluster-replicas", "1", "--cluster-yes"]
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = try await onOwnThread {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        guard process.terminationStatus == 0 else { throw TestSupportError("redis-cli --cluster create failed: \(text)") }
    }
}

/// The cluster the tests share: the one `scripts/test` started (`KICKOFF_TEST_REDIS_CLUSTER`), or
/// else a private one started on first use, so `swift test` alone works too.
public enum TestRedisCluster {
    public static func shared() async throws -> ClusterFixture {
        if let list = ProcessInfo.processInfo.environment["KICKOFF_TEST_REDIS_CLUSTER"] {
            let ports = list.split(separator: ",").compactMap { $0.split(separator: ":").last.flatMap { Int($0) } }
            return ClusterFixture(existing: ports)
        }
        return try await fallback.value
    }

    private static let fallback = Task<ClusterFixture, any Error> { try await ClusterFixture() }
}
