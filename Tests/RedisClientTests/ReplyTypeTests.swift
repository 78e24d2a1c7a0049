import KickoffTestSupport
import RedisClient
import Testing

/// Every RESP2 reply type, through both faces of the client, against the real server.
@Suite struct ReplyTypeTests {
    @Test func nonBlockingClientDecodesEveryReplyType() async throws {
        let client = RedisClient(configuration: try await TestRedis.configuration())
        defer { Task { await client.shutdown() } }
        let key = TestRedis.uniquePrefix("types")

        #expect(try await client.send(RedisCommand("PING")) == .status("PONG"))
        #expect(try await client.send(RedisCommand("SET", key + "s", "value")) == .status("OK"))
        #expect(try await client.send(RedisCommand("GET", key + "s")) == .bulk(Array("value".utf8)))
        #expect(try await client.send(RedisCommand("SET", key + "empty", "")) == .status("OK"))
        #expect(try await client.send(RedisCommand("GET", key + "empty")) == .bulk([]))
        #expect(try await client.send(RedisCommand("GET", key + "missing")) == .null)
        #expect(try await client.send(RedisCommand("INCRBY", key + "n", -42)) == .integer(-42))
        #expect(try await client.send(RedisCommand("RPUSH", key + "l", "a", "b")) == .integer(2))
        #expect(try await client.send(RedisCommand("LRANGE", key + "l", 0, -1)) == .array([.bulk(Array("a".utf8)), .bulk(Array("b".utf8))]))
        #expect(try await client.send(RedisCommand("LRANGE", key + "none", 0, -1)) == .array([]))
        // A null array (BLPOP timing out) reads as .null like a null bulk string.
        let pipelined = try await client.pipeline([RedisCommand("GET", key + "missing"), RedisCommand("INCR", key + "s")])
        #expect(pipelined[0] == .null)
        #expect(pipelined[1] == .error("ERR value is not an integer or out of range"))
    }

    @Test func nestedArraysFromAScript() async throws {
        let client = RedisClient(configuration: try await TestRedis.configuration())
        defer { Task { await client.shutdown() } }
        let reply = try await client.send(RedisCommand("EVAL", "return {1, 'two', {3, {'four', {}}}, redis.status_reply('OK'), false}", 0))
        #expect(reply == .array([
            .integer(1), .bulk(Array("two".utf8)),
            .array([.integer(3), .array([.bulk(Array("four".utf8)), .array([])])]),
            .status("OK"), .null,
        ]))
    }

    @Test func blockingConnectionDecodesEveryReplyType() async throws {
        let configuration = try await TestRedis.configuration()
        let key = TestRedis.uniquePrefix("types")
        let replies = try await onOwnThread {
            let connection = BlockingRedisConnection(configuration: configuration)
            return [
                try connection.send(RedisCommand("PING")),
                try connection.send(RedisCommand("SET", key, "v")),
                try connection.send(RedisCommand("GET", key)),
                try connection.send(RedisCommand("GET", key + "missing")),
                try connection.send(RedisCommand("INCR", key + "n")),
                try connection.send(RedisCommand("EVAL", "return {1, {'x'}}", 0)),
                try connection.send(RedisCommand("BLPOP", key + "empty-list", "0.01"), timeout: .seconds(2)),
            ]
        }
        #expect(replies == [
            .status("PONG"), .status("OK"), .bulk(Array("v".utf8)), .null, .integer(1),
            .array([.integer(1), .array([.bulk(Array("x".utf8))])]), .null,
        ])
    }
}
