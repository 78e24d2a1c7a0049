import KickoffTestSupport
import RedisClient
import Testing

@Suite struct BinaryAndErrorTests {
    static let binary: [UInt8] = [0, 1, 2, 0, 13, 10, 255, 0] + Array("\r\n$3\r\nfoo".utf8) + [0]
    static let oneMiB: [UInt8] = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

    @Test func binarySafeValuesOverTheNonBlockingClient() async throws {
        let client = RedisClient(configuration: try await TestRedis.configuration())
        defer { Task { await client.shutdown() } }
        let key = TestRedis.uniquePrefix("binary") + "\u{0}nul-in-key"
        try await client.send(RedisCommand("SET", key, Self.binary))
        #expect(try await client.send(RedisCommand("GET", key)) == .bulk(Self.binary))
        try await client.send(RedisCommand("SET", key, Self.oneMiB))
        #expect(try await client.send(RedisCommand("GET", key)) == .bulk(Self.oneMiB))
        #expect(try await client.send(RedisCommand("STRLEN", key)) == .integer(1 << 20))
    }

    @Test func binarySafeValuesOverTheBlockingConnection() async throws {
        let configuration = try await TestRedis.configuration()
        let key = TestRedis.uniquePrefix("binary")
        let (small, large) = try await onOwnThread {
            let connection = BlockingRedisConnection(configuration: configuration)
            try connection.send(RedisCommand("SET", key + "a", Self.binary))
            try connection.send(RedisCommand("SET", key + "b", Self.oneMiB))
            return (try connection.send(RedisCommand("GET", key + "a")), try connection.send(RedisCommand("GET", key + "b")))
        }
        #expect(small == .bulk(Self.binary))
        #expect(large == .bulk(Self.oneMiB))
    }

    @Test func serverErrorsNameTheCommand() async throws {
        let client = RedisClient(configuration: try await TestRedis.configuration())
        defer { Task { await client.shutdown() } }
        let key = TestRedis.uniquePrefix("errors")
        try await client.send(RedisCommand("SET", key, "text"))
        let error = await #expect(throws: RedisError.self) { try await client.send(RedisCommand("incr", key)) }
        #expect(error == .server(command: "INCR", message: "ERR value is not an integer or out of range"))
        let wrongType = await #expect(throws: RedisError.self) { try await client.send(RedisCommand("LPUSH", key, "x")) }
        #expect(wrongType?.serverErrorCode == "WRONGTYPE")
        #expect("\(wrongType.map(String.init(describing:)) ?? "")".hasPrefix("Redis LPUSH failed: WRONGTYPE"))
        // The connection is still usable after an error reply.
        #expect(try await client.send(RedisCommand("GET", key)) == .bulk(Array("text".utf8)))

        let configuration = try await TestRedis.configuration()
        let blockingError = try await onOwnThread { () -> RedisError? in
            let connection = BlockingRedisConnection(configuration: configuration)
            do {
                try connection.send(RedisCommand("HSET", key, "f", "v"))
                return nil
            } catch {
                return error as? RedisError
            }
        }
        #expect(blockingError?.serverErrorCode == "WRONGTYPE")
        if case .server(let command, _) = blockingError { #expect(command == "HSET") } else { Issue.record("expected a server error, got \(String(describing: blockingError))") }
    }

    @Test func scriptsFallBackToEvalAfterScriptFlush() async throws {
        // A private server: SCRIPT FLUSH must not disturb other tests' scripts.
        let server = try RedisServerProcess()
        try await server.start()
        defer { server.kill() }
        let client = RedisClient(configuration: server.configuration)
        defer { Task { await client.shutdown() } }
        let script = RedisScript(name: "add", source: "return redis.call('INCRBY', KEYS[1], ARGV[1])")
        #expect(try await client.send(RedisCommand("SCRIPT", "FLUSH")) == .status("OK"))
        #expect(try await client.run(script, keys: ["counter"], arguments: [5]) == .integer(5))
        // The fallback's EVAL cached the script: its SHA-1 is now known to the server.
        #expect(try await client.send(RedisCommand("SCRIPT", "EXISTS", script.sha1)) == .array([.integer(1)]))
        #expect(try await client.send(RedisCommand("SCRIPT", "LOAD", script.source)) == .bulk(Array(script.sha1.utf8)))
        try await client.send(RedisCommand("SCRIPT", "FLUSH"))
        let configuration = server.configuration
        let blockingResult = try await onOwnThread {
            try BlockingRedisConnection(configuration: configuration).run(script, keys: ["counter"], arguments: [2])
        }
        #expect(blockingResult == .integer(7))

        let failing = RedisScript(name: "boom", source: "return redis.error_reply('BOOM it broke')")
        let error = await #expect(throws: RedisError.self) { try await client.run(failing) }
        #expect(error == .server(command: "script boom", message: "BOOM it broke"))
    }
}
