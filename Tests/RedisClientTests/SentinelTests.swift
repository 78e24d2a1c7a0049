import KickoffTestSupport
import RedisClient
import Testing

/// Redis Sentinel with real processes: both faces find the primary through a sentinel, follow it
/// when it moves, leave a demoted one, and report writes that no replica confirmed.
/// Serialized: each test starts three or four server processes, too many at once on a busy machine.
@Suite(.serialized) struct SentinelTests {
    /// Polls until the sentinel names `replica` the primary, then until the client ("nio") and the
    /// blocking connection ("blocking") each write "after" to it.
    static func bothFacesWriteAfterPromoting(_ replica: RedisServerProcess, in cluster: SentinelFixture, client: RedisClient,
                                             blocking: UncheckedBox<BlockingRedisConnection>) async throws {
        try await Eventually.poll("the sentinel promotes the replica", deadline: .seconds(60)) {
            try await cluster.primaryPort() == replica.port
        }
        try await Eventually.poll("the client writes to the new primary") {
            (try? await client.send(RedisCommand("SET", "nio", "after"))) == .status("OK")
        }
        try await Eventually.poll("the blocking connection writes to the new primary") {
            try await onOwnThread { (try? blocking.value.send(RedisCommand("SET", "blocking", "after"))) == .status("OK") }
        }
    }

    @Test func bothFacesFollowTheSentinelToTheNewPrimaryWhenTheOldOneDies() async throws {
        let cluster = try await SentinelFixture(replicas: 1)
        defer { cluster.stop() }
        let configuration = cluster.configuration()
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let blocking = try await onOwnThread { UncheckedBox(BlockingRedisConnection(configuration: configuration)) }
        try await client.send(RedisCommand("SET", "nio", "before"))
        _ = try await onOwnThread { try blocking.value.send(RedisCommand("SET", "blocking", "before")) }
        #expect(try await SentinelFixture.command(port: cluster.primary.port, RedisCommand("GET", "nio")) == .bulk(Array("before".utf8)))
        #expect(try await SentinelFixture.command(port: cluster.primary.port, RedisCommand("GET", "blocking")) == .bulk(Array("before".utf8)))

        try await cluster.primary.crash()
        let replica = cluster.replicas[0]
        // The same client and connection, with no help: each reconnect asks the sentinel again.
        try await Self.bothFacesWriteAfterPromoting(replica, in: cluster, client: client, blocking: blocking)
        #expect(try await SentinelFixture.role(of: replica) == "master")
        #expect(try await SentinelFixture.command(port: replica.port, RedisCommand("GET", "nio")) == .bulk(Array("after".utf8)))
        #expect(try await SentinelFixture.command(port: replica.port, RedisCommand("GET", "blocking")) == .bulk(Array("after".utf8)))
    }

    /// A frozen primary (SIGSTOP, like a partition) answers nothing: commands time out, the clients
    /// reconnect through the sentinel to the promoted replica, and keep writing there when the old
    /// primary wakes up (the sentinel then turns it into a replica).
    @Test func bothFacesLeaveAFrozenPrimaryAndStayAwayWhenItWakesUp() async throws {
        let cluster = try await SentinelFixture(replicas: 1)
        defer { cluster.stop() }
        var shortTimeouts = cluster.configuration()
        shortTimeouts.commandTimeout = .seconds(1)
        shortTimeouts.connectTimeout = .seconds(1)
        let configuration = shortTimeouts
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let blocking = try await onOwnThread { UncheckedBox(BlockingRedisConnection(configuration: configuration)) }
        try await client.send(RedisCommand("SET", "nio", "before"))
        _ = try await onOwnThread { try blocking.value.send(RedisCommand("SET", "blocking", "before")) }

        cluster.primary.pause()
        let replica = cluster.replicas[0]
        try await Self.bothFacesWriteAfterPromoting(replica, in: cluster, client: client, blocking: blocking)

        cluster.primary.resume()
        // The sentinel closes every client connection of a server it reconfigures (CLIENT KILL TYPE
        // normal): a reset while it does is "not yet", not a failure.
        try await Eventually.poll("the sentinel turns the old primary into a replica", deadline: .seconds(60)) {
            (try? await SentinelFixture.role(of: cluster.primary)) == "slave"
        }
        try await client.send(RedisCommand("SET", "nio", "later"))
        _ = try await onOwnThread { try blocking.value.send(RedisCommand("SET", "blocking", "later")) }
        #expect(try await SentinelFixture.command(port: replica.port, RedisCommand("MGET", "nio", "blocking"))
                == .array([.bulk(Array("later".utf8)), .bulk(Array("later".utf8))]))
    }

    /// A primary demoted under open connections answers writes with READONLY: that connection is
    /// dropped, and the next one checks ROLE before trusting the sentinel's (here stale) answer.
    @Test func aDemotedPrimaryIsLeftOnReadOnlyAndRefusedByItsRole() async throws {
        let cluster = try await SentinelFixture(replicas: 1)
        defer { cluster.stop() }
        let elsewhere = try RedisServerProcess()
        try await elsewhere.start()
        defer { elsewhere.kill() }
        let configuration = cluster.configuration()
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let blocking = try await onOwnThread { UncheckedBox(BlockingRedisConnection(configuration: configuration)) }
        try await client.send(RedisCommand("SET", "k", "1"))
        _ = try await onOwnThread { try blocking.value.send(RedisCommand("SET", "k", "1")) }

        // Demoted by hand, behind the sentinel's back: its answer stays the old primary for a while.
        _ = try await SentinelFixture.command(port: cluster.primary.port, RedisCommand("REPLICAOF", "127.0.0.1", elsewhere.port))
        let readOnly = await #expect(throws: RedisError.self) { try await client.send(RedisCommand("SET", "k", "2")) }
        #expect(readOnly?.serverErrorCode == "READONLY")
        // The closed connection is replaced on the next command (a command racing the close fails with it).
        try await Eventually.poll("a new connection refuses the demoted primary by its ROLE") {
            do {
                try await client.send(RedisCommand("SET", "k", "3"))
                return false
            } catch {
                return (error as? RedisError)?.isConnectionError == true && "\(error)".contains("ROLE says slave")
            }
        }

        let blockingErrors = try await onOwnThread { () -> [RedisError?] in
            (0..<2).map { _ in
                do { try blocking.value.send(RedisCommand("SET", "k", "4")); return nil } catch { return error as? RedisError }
            }
        }
        #expect(blockingErrors[0]?.serverErrorCode == "READONLY")
        #expect(blockingErrors[1]?.isConnectionError == true)
        #expect("\(blockingErrors[1].map { "\($0)" } ?? "")".contains("ROLE says slave"))
    }

    @Test func aWriteNoReplicaConfirmsIsReportedAsNotReplicated() async throws {
        let cluster = try await SentinelFixture(replicas: 1)
        defer { cluster.stop() }
        let configuration = cluster.configuration(minReplicas: 1)
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let blocking = try await onOwnThread { UncheckedBox(BlockingRedisConnection(configuration: configuration)) }
        let script = RedisScript(name: "set", source: "return redis.call('SET', KEYS[1], ARGV[1])")
        #expect(try await client.runAcknowledged(script, keys: ["k"], arguments: ["confirmed"]) == .status("OK"))
        try await onOwnThread {
            try blocking.value.send(RedisCommand("SET", "b", "confirmed"))
            try blocking.value.awaitReplicas()
        }
        #expect(try await SentinelFixture.command(port: cluster.replicas[0].port, RedisCommand("GET", "k")) == .bulk(Array("confirmed".utf8)))

        cluster.replicas[0].pause()
        let error = await #expect(throws: RedisError.self) { try await client.runAcknowledged(script, keys: ["k"], arguments: ["alone"]) }
        #expect(error == .notReplicated(endpoint: configuration.endpoint, acknowledged: 0, required: 1))
        #expect(error?.isTransient == true && error?.mayHaveBeenApplied == true)
        // Applied on the primary all the same: the outcome is uncertain, not failed.
        #expect(try await SentinelFixture.command(port: cluster.primary.port, RedisCommand("GET", "k")) == .bulk(Array("alone".utf8)))
        let blockingError = try await onOwnThread { () -> RedisError? in
            do {
                try blocking.value.send(RedisCommand("SET", "b", "alone"))
                try blocking.value.awaitReplicas()
                return nil
            } catch {
                return error as? RedisError
            }
        }
        guard case .notReplicated(_, 0, 1) = blockingError else {
            Issue.record("expected notReplicated(0 of 1), got \(String(describing: blockingError))")
            return
        }
    }

    @Test func noSentinelKnowingTheMasterIsAConnectionErrorNamingEachSentinel() async throws {
        let cluster = try await SentinelFixture(replicas: 0)
        defer { cluster.stop() }
        var configuration = cluster.configuration()
        let deadPort = try FreePort.find()
        configuration.sentinel = SentinelConfiguration(
            sentinels: [SentinelEndpoint(host: "127.0.0.1", port: deadPort), SentinelEndpoint(host: "127.0.0.1", port: cluster.sentinel.port)],
            masterName: "no-such-master")
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let error = await #expect(throws: RedisError.self) { try await client.send(RedisCommand("PING")) }
        #expect(error?.isConnectionError == true)
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("127.0.0.1:\(deadPort)"), "\(text)")
        #expect(text.contains("does not know a master named no-such-master"), "\(text)")
    }
}
