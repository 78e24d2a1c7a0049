import Foundation
import KickoffTestSupport
import RedisClient
import Testing

/// Redis Cluster with real processes (3 primaries, a replica each): both faces of the client send
/// each command to its slot's primary when pointed at another node, follow MOVED after a slot moved
/// and ASK while it moves, and ride a failover with retryable errors only.
/// Serialized: two of the tests start six servers each, too many at once on a busy machine.
@Suite(.serialized) struct ClusterClientTests {
    static func text(_ value: String) -> RedisReply { .bulk(Array(value.utf8)) }

    /// The blocking connection's calls, on a thread of their own.
    static func blocking(_ connection: UncheckedBox<BlockingRedisConnection>, _ command: RedisCommand) async throws -> RedisReply {
        try await onOwnThread { try connection.value.send(command) }
    }

    @Test func slotsAgreeWithTheServerAndBothFacesReachTheOwnerFromAnotherNode() async throws {
        let cluster = try await TestRedisCluster.shared()
        let tag = "{cc-\(UUID().uuidString.prefix(8))}"
        for key in [tag + ":a", "plain-\(tag.dropFirst())", "x{}y", "{a}{b}"] {
            #expect(try await cluster.command(port: cluster.ports[0], RedisCommand("CLUSTER", "KEYSLOT", key)).int == Int64(KeySlot.of(key)))
        }
        let owner = try #require(try await cluster.owner(of: tag))
        let elsewhere = try await cluster.primaryNotServing(tag)
        let configuration = cluster.configuration(seeds: [elsewhere], homeKey: tag + ":")
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let connection = try await onOwnThread { UncheckedBox(BlockingRedisConnection(configuration: configuration)) }

        try await client.send(RedisCommand("SET", tag + ":nio", "1"))
        _ = try await Self.blocking(connection, RedisCommand("SET", tag + ":blocking", "2"))
        #expect(try await cluster.command(port: owner, RedisCommand("MGET", tag + ":nio", tag + ":blocking")) == .array([Self.text("1"), Self.text("2")]))
        // Keyless commands go to the home key's primary; a pipeline goes where its first key does.
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
        #expect(try await client.send(RedisCommand("INFO", "server")).string?.contains("tcp_port:\(owner)") == true)
        #expect(try await Self.blocking(connection, RedisCommand("INFO", "server")).string?.contains("tcp_port:\(owner)") == true)
        #expect(try await client.pipeline([RedisCommand("INCR", tag + ":n"), RedisCommand("INCR", tag + ":n")]) == [.integer(1), .integer(2)])
        // Blocking commands reach the owner too: BLPOP on the blocking face, XREAD BLOCK on a dedicated connection.
        try await client.send(RedisCommand("RPUSH", tag + ":wake", "token"))
        #expect(try await Self.blocking(connection, RedisCommand("BLPOP", tag + ":wake", 1)) == .array([Self.text(tag + ":wake"), Self.text("token")]))
        try await client.send(RedisCommand("XADD", tag + ":events", "1-1", "f", "v"))
        let read = try await client.withDedicatedConnection { dedicated in
            try await dedicated.send(RedisCommand("XREAD", "BLOCK", 1000, "STREAMS", tag + ":events", "0"))
        }
        #expect(read.array?.count == 1)
        try await client.send(RedisCommand("DEL", tag + ":nio", tag + ":blocking", tag + ":n", tag + ":events"))
    }

    @Test func bothFacesFollowAskWhileASlotMovesAndMovedOnceItHas() async throws {
        let cluster = try await ClusterFixture()
        defer { cluster.stop() }
        let tag = "{moving}"
        let slot = KeySlot.of(tag)
        let source = try #require(try await cluster.owner(of: tag))
        let target = try await cluster.primaryNotServing(tag)
        let configuration = cluster.configuration(homeKey: tag)
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let connection = try await onOwnThread { UncheckedBox(BlockingRedisConnection(configuration: configuration)) }
        try await client.send(RedisCommand("SET", tag + "a", "1"))
        _ = try await Self.blocking(connection, RedisCommand("SET", tag + "b", "2"))

        // Half moved: `a` is on the target, `b` still on the source; the map still names the source.
        try await cluster.moveSlot(slot, to: target, onlyStart: true, keys: [tag + "a"])
        #expect(try await cluster.reply(port: source, RedisCommand("GET", tag + "a")).description.hasPrefix("-ASK"))
        #expect(try await client.send(RedisCommand("GET", tag + "a")) == Self.text("1"))
        #expect(try await Self.blocking(connection, RedisCommand("GET", tag + "a")) == Self.text("1"))
        #expect(try await client.send(RedisCommand("GET", tag + "b")) == Self.text("2"))
        // One pipeline, one key on each side: only the redirected command is sent again.
        let both = [RedisCommand("GET", tag + "a"), RedisCommand("GET", tag + "b")]
        #expect(try await client.pipeline(both) == [Self.text("1"), Self.text("2")])
        #expect(try await onOwnThread { try connection.value.pipeline(both) } == [Self.text("1"), Self.text("2")])
        // A new key is created where the slot goes (ASKING on the target).
        try await client.send(RedisCommand("SET", tag + "c", "3"))

        // Moved for good: the clients still send to the source, which answers MOVED.
        try await cluster.moveSlot(slot, to: target, keys: [tag + "b"])
        #expect(try await cluster.owner(of: tag, askingPort: source) == target)
        #expect(try await cluster.reply(port: source, RedisCommand("GET", tag + "b")).description.hasPrefix("-MOVED"))
        #expect(try await client.send(RedisCommand("MGET", tag + "a", tag + "b", tag + "c")) == .array([Self.text("1"), Self.text("2"), Self.text("3")]))
        #expect(try await Self.blocking(connection, RedisCommand("GET", tag + "b")) == Self.text("2"))
        #expect(try await cluster.command(port: target, RedisCommand("DBSIZE")) == .integer(3))
    }

    @Test func bothFacesRideAFailoverWithRetryableErrorsOnly() async throws {
        let cluster = try await ClusterFixture()
        defer { cluster.stop() }
        let tag = "{failing}"
        let owner = try #require(try await cluster.owner(of: tag))
        let replica = try #require(try await cluster.replica(of: tag))
        let configuration = cluster.configuration(homeKey: tag)
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let connection = try await onOwnThread { UncheckedBox(BlockingRedisConnection(configuration: configuration)) }
        // Both writes confirmed by the replica (WAIT 1) before its primary dies.
        #expect(try await client.pipeline([RedisCommand("SET", tag + "nio", "before"), RedisCommand("WAIT", 1, 5000)])[1] == .integer(1))
        #expect(try await onOwnThread {
            try connection.value.pipeline([RedisCommand("SET", tag + "blocking", "before"), RedisCommand("WAIT", 1, 5000)])
        }[1] == .integer(1))

        try await #require(cluster.server(port: owner)).crash()
        let killedAt = ContinuousClock.now
        // No replica is promoted before cluster-node-timeout (1 s) passed: these reach the dead primary.
        do {
            try await client.send(RedisCommand("GET", tag + "nio"))
            Issue.record("a command to a dead primary succeeded")
        } catch {
            #expect(error.isTransient, "\(error)")
        }
        do {
            _ = try await Self.blocking(connection, RedisCommand("GET", tag + "blocking"))
            Issue.record("a command to a dead primary succeeded")
        } catch let error as RedisError {
            #expect(error.isTransient, "\(error)")
        }
        try await Eventually.poll("the client writes to the promoted replica", deadline: .seconds(60)) {
            do {
                return try await client.send(RedisCommand("SET", tag + "nio", "after")) == .status("OK")
            } catch let error as RedisError {
                #expect(error.isTransient, "\(error)")
                return false
            }
        }
        try await Eventually.poll("the blocking connection writes to the promoted replica", deadline: .seconds(60)) {
            do {
                return try await Self.blocking(connection, RedisCommand("SET", tag + "blocking", "after")) == .status("OK")
            } catch let error as RedisError {
                #expect(error.isTransient, "\(error)")
                return false
            }
        }
        // The README's figure; not asserted (no timing thresholds in tests).
        print("cluster failover: primary killed → both faces write to the promoted replica after \(ContinuousClock.now - killedAt)")
        #expect(try await cluster.owner(of: tag, askingPort: replica) == replica)
        #expect(try await cluster.command(port: replica, RedisCommand("MGET", tag + "nio", tag + "blocking")) == .array([Self.text("after"), Self.text("after")]))
    }
}
