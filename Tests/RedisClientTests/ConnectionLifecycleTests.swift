import KickoffTestSupport
import RedisClient
import Testing

/// Lost connections and restarted servers: both faces reconnect by themselves.
@Suite struct ConnectionLifecycleTests {
    @Test func nonBlockingClientReconnectsAfterTheServerRestarts() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        let client = RedisClient(configuration: server.configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        #expect(try await client.send(RedisCommand("SET", "k", "before")) == .status("OK"))

        try await server.crash()
        let error = await #expect(throws: RedisError.self) { try await client.send(RedisCommand("PING")) }
        #expect(error?.isConnectionError == true)

        try await server.start()
        try await Eventually.poll("the client reconnects") {
            (try? await client.send(RedisCommand("PING"))) == .status("PONG")
        }
        // The restarted server has no data (no persistence in tests); the client works normally.
        #expect(try await client.send(RedisCommand("GET", "k")) == .null)
    }

    /// A refused connect reads "Connection refused", not SwiftNIO's nested text with its errno.
    @Test func aRefusedConnectionIsSaidInPlainWords() async throws {
        let server = try RedisServerProcess()
        let client = RedisClient(configuration: server.configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let error = await #expect(throws: RedisError.self) { try await client.send(RedisCommand("PING")) }
        #expect(error.map { "\($0)" } == "Redis at 127.0.0.1:\(server.port) unreachable: Connection refused")
    }

    @Test func blockingConnectionReconnectsAfterTheServerRestarts() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        let configuration = server.configuration
        let box = try await onOwnThread { UncheckedBox(BlockingRedisConnection(configuration: configuration)) }
        #expect(try await onOwnThread { try box.value.send(RedisCommand("PING")) } == .status("PONG"))

        try await server.crash()
        let failure = try await onOwnThread { () -> RedisError? in
            do { try box.value.send(RedisCommand("PING")); return nil } catch { return error as? RedisError }
        }
        #expect(failure?.isConnectionError == true)

        try await server.start()
        try await Eventually.poll("the blocking connection reconnects") {
            try await onOwnThread { (try? box.value.send(RedisCommand("PING"))) == .status("PONG") }
        }
    }

    @Test func aKilledConnectionIsReplaced() async throws {
        let client = RedisClient(configuration: try await TestRedis.configuration(), connectionCount: 1)
        defer { Task { await client.shutdown() } }
        guard let id = try await client.send(RedisCommand("CLIENT", "ID")).int else {
            Issue.record("CLIENT ID did not return an integer")
            return
        }
        // Killing our own connection (SKIPME no): Redis answers and then closes it.
        _ = try? await client.send(RedisCommand("CLIENT", "KILL", "ID", id, "SKIPME", "no"))
        try await Eventually.poll("a new connection replaces the killed one") {
            guard let newID = (try? await client.send(RedisCommand("CLIENT", "ID")))?.int else { return false }
            return newID != id
        }
    }

    /// A server that stops answering without closing the connection (stalled, or a network black
    /// hole) must not hang callers: the command fails after the command timeout, then recovery.
    @Test(.timeLimit(.minutes(1))) func aStalledServerFailsCommandsAfterTheCommandTimeout() async throws {
        let server = try RedisServerProcess()
        try await server.start()
        defer {
            server.resume()
            server.kill()
        }
        var configuration = server.configuration
        configuration.commandTimeout = .milliseconds(300)
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
        server.pause()
        let error = await #expect(throws: RedisError.self) { try await client.send(RedisCommand("PING")) }
        #expect(error?.isConnectionError == true)
        #expect("\(error.map(String.init(describing:)) ?? "")".contains("no reply within"))
        server.resume()
        try await Eventually.poll("the client works again") {
            (try? await client.send(RedisCommand("PING"))) == .status("PONG")
        }
    }

    @Test func commandsFailFastWhileNothingListens() async throws {
        let port = try FreePort.find()
        let client = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: port))
        defer { Task { await client.shutdown() } }
        for _ in 0..<3 {
            let error = await #expect(throws: RedisError.self) { try await client.send(RedisCommand("PING")) }
            #expect(error?.isConnectionError == true)
            #expect(String(describing: error.map(String.init(describing:)) ?? "").contains("127.0.0.1:\(port)"))
        }
    }
}

/// Hands a non-Sendable blocking connection from one dedicated thread to the next; the test
/// awaits each thread before starting another, so only one thread touches it at a time.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
