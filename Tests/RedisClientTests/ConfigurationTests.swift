import KickoffTestSupport
import RedisClient
import Testing

@Suite struct ConfigurationTests {
    @Test func parsesRedisURLs() throws {
        let full = try RedisConfiguration(url: "redis://kick:s%40cret@redis.internal:6380/3")
        #expect(full.host == "redis.internal")
        #expect(full.port == 6380)
        #expect(full.username == "kick")
        #expect(full.password == "s@cret")
        #expect(full.database == 3)
        #expect(full.endpoint == "redis.internal:6380")

        let passwordOnly = try RedisConfiguration(url: "redis://:pw@localhost")
        #expect(passwordOnly.username == nil)
        #expect(passwordOnly.password == "pw")
        #expect(passwordOnly.port == 6379)
        #expect(passwordOnly.database == 0)

        let ipv6 = try RedisConfiguration(url: "redis://[::1]:7000")
        #expect(ipv6.host == "::1")
        #expect(ipv6.endpoint == "[::1]:7000")
    }

    @Test(arguments: ["http://localhost:6379", "rediss://localhost", "redis://localhost/notanumber", "redis://localhost:99999"])
    func rejectsBadURLs(url: String) {
        #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
    }

    @Test func badURLErrorsHideThePassword() {
        let error = #expect(throws: RedisError.self) { try RedisConfiguration(url: "http://user:topsecret@host") }
        #expect(!String(describing: error.map(String.init(describing:)) ?? "").contains("topsecret"))
    }

    /// AUTH with an ACL user and SELECT of a database, from the URL, on both faces.
    @Test func authenticatesWithAnACLUserAndSelectsTheDatabase() async throws {
        let server = try RedisServerProcess(extraArguments: ["--requirepass", "adminpw"])
        try await server.start()
        defer { server.kill() }
        let admin = RedisClient(configuration: try RedisConfiguration(url: "redis://:adminpw@127.0.0.1:\(server.port)/0"))
        defer { Task { await admin.shutdown() } }
        try await admin.send(RedisCommand("ACL", "SETUSER", "kickoff", "on", ">kick-pw", "~*", "+@all"))

        let client = RedisClient(configuration: try RedisConfiguration(url: "redis://kickoff:kick-pw@127.0.0.1:\(server.port)/5"))
        defer { Task { await client.shutdown() } }
        try await client.send(RedisCommand("SET", "where", "db5"))
        #expect(try await client.send(RedisCommand("ACL", "WHOAMI")) == .bulk(Array("kickoff".utf8)))
        #expect(try await admin.send(RedisCommand("GET", "where")) == .null)
        let url = "redis://kickoff:kick-pw@127.0.0.1:\(server.port)/5"
        let fromBlocking = try await onOwnThread {
            try BlockingRedisConnection(configuration: try RedisConfiguration(url: url)).send(RedisCommand("GET", "where"))
        }
        #expect(fromBlocking == .bulk(Array("db5".utf8)))

        let wrong = RedisClient(configuration: try RedisConfiguration(url: "redis://kickoff:nope@127.0.0.1:\(server.port)"))
        defer { Task { await wrong.shutdown() } }
        let error = await #expect(throws: RedisError.self) { try await wrong.send(RedisCommand("PING")) }
        #expect(error?.serverErrorCode == "WRONGPASS")
    }
}
