import KickoffTestSupport
import RedisClient
import Testing

@Suite struct PipeliningTests {
    /// Many tasks share two connections; every reply must reach the task that asked for it.
    @Test func concurrentBurstGetsEveryReplyInOrder() async throws {
        let client = RedisClient(configuration: try await TestRedis.configuration(), connectionCount: 2)
        defer { Task { await client.shutdown() } }
        let prefix = TestRedis.uniquePrefix("burst")
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<100 {
                group.addTask {
                    var mismatches = 0
                    for step in 0..<50 {
                        let token = "\(task)-\(step)"
                        if try await client.send(RedisCommand("ECHO", token)) != .bulk(Array(token.utf8)) { mismatches += 1 }
                        if try await client.send(RedisCommand("INCR", prefix + "\(task)")) != .integer(Int64(step + 1)) { mismatches += 1 }
                    }
                    let batch = (0..<20).map { RedisCommand("ECHO", "\(task)/\($0)") }
                    let replies = try await client.pipeline(batch)
                    for (index, reply) in replies.enumerated() where reply != .bulk(Array("\(task)/\(index)".utf8)) { mismatches += 1 }
                    return mismatches
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(try await client.send(RedisCommand("GET", prefix + "99")) == .bulk(Array("50".utf8)))
    }

    @Test func blockingConnectionPipelinesInOneRoundTrip() async throws {
        let configuration = try await TestRedis.configuration()
        let prefix = TestRedis.uniquePrefix("pipe")
        let replies = try await onOwnThread {
            try BlockingRedisConnection(configuration: configuration).pipeline(
                (1...100).map { _ in RedisCommand("INCR", prefix) } + [RedisCommand("LPUSH", prefix, "x")]
            )
        }
        #expect(replies.prefix(100) == ArraySlice((1...100).map { RedisReply.integer(Int64($0)) }))
        guard case .error(let message) = replies.last else {
            Issue.record("expected an error reply last, got \(String(describing: replies.last))")
            return
        }
        #expect(message.hasPrefix("WRONGTYPE"))
    }

    /// A BLPOP waiting on its own connection must not hold up the shared ones. The proof is
    /// causal, not timed: the pushes that wake BLPOP are sent only after the other commands
    /// have all been answered, so those answers cannot have waited for BLPOP.
    @Test func blockingReadOnItsOwnConnectionDoesNotStallOthers() async throws {
        let client = RedisClient(configuration: try await TestRedis.configuration(), connectionCount: 1)
        defer { Task { await client.shutdown() } }
        let key = TestRedis.uniquePrefix("blpop")
        let waiter = Task {
            try await client.withDedicatedConnection { connection in
                try await connection.send(RedisCommand("BLPOP", key, 30))
            }
        }
        try await Eventually.poll("BLPOP is waiting") {
            let clients = try await client.send(RedisCommand("CLIENT", "LIST")).string ?? ""
            return clients.contains("cmd=blpop")
        }
        for index in 0..<200 {
            #expect(try await client.send(RedisCommand("ECHO", "\(index)")) == .bulk(Array("\(index)".utf8)))
        }
        try await client.send(RedisCommand("RPUSH", key, "wake"))
        #expect(try await waiter.value == .array([.bulk(Array(key.utf8)), .bulk(Array("wake".utf8))]))
    }
}
