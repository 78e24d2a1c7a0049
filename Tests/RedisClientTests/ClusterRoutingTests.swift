@testable import RedisClient
import Testing

/// The pure part of cluster routing: key slots, the slot map, redirects, which key a command has.
@Suite struct ClusterRoutingTests {
    /// Each figure is `CLUSTER KEYSLOT` of a Redis 7.0.15 server (hash tags included);
    /// `ClusterClientTests.slotsAgreeWithTheServer` asks a live one too.
    @Test(arguments: [
        ("{kickoff}:", 1466), ("{kickoff}:run:x", 1466), ("foo", 12182), ("bar", 5061), ("{user1000}.following", 3443),
        ("{}foo", 9500), ("foo{}{bar}", 8363), ("foo{{bar}}zap", 4015), ("foo{bar}{zap}", 5061), ("", 0), ("a{b", 13340),
        ("a}b{c}", 7365), ("{kickoff:0}:", 10405), ("{kickoff:1}:", 14468), ("{kickoff:2}:", 2279), ("123456789", 12739),
    ])
    func keySlotsMatchRedis(key: String, slot: Int) {
        #expect(KeySlot.of(key) == slot)
    }

    @Test func theMapReadsClusterSlotsAndFindsEachSlotsPrimary() throws {
        let reply = RedisReply.array([
            .array([.integer(5461), .integer(10922), .array([.bulk(Array("10.0.0.2".utf8)), .integer(7001), .bulk(Array("id2".utf8))]),
                    .array([.bulk(Array("10.0.0.5".utf8)), .integer(7004), .bulk(Array("id5".utf8))])]),
            .array([.integer(0), .integer(5460), .array([.bulk([]), .integer(7000), .bulk(Array("id1".utf8))])]),
            .array([.integer(10923), .integer(16383), .array([.bulk(Array("10.0.0.3".utf8)), .integer(7002)])]),
        ])
        let map = try ClusterSlotMap(clusterSlots: reply, asked: ClusterNode(host: "10.0.0.9", port: 7009))
        #expect(map.owner(of: 0) == ClusterNode(host: "10.0.0.9", port: 7000), "an empty host is the node asked")
        #expect(map.owner(of: 5460)?.port == 7000)
        #expect(map.owner(of: 5461) == ClusterNode(host: "10.0.0.2", port: 7001))
        #expect(map.owner(of: 16383)?.port == 7002)
        #expect(map.primaries.map(\.port) == [7000, 7001, 7002])
        let partial = try ClusterSlotMap(clusterSlots: .array([.array([.integer(0), .integer(99), .array([.bulk(Array("h".utf8)), .integer(1)])])]),
                                         asked: ClusterNode(host: "h", port: 1))
        #expect(partial.owner(of: 100) == nil, "an unserved slot has no owner")
        #expect(throws: RedisError.self) { try ClusterSlotMap(clusterSlots: .error("ERR This instance has cluster support disabled"), asked: ClusterNode(host: "h", port: 1)) }
    }

    @Test func redirectsAreReadFromMovedAndAskReplies() {
        let asked = ClusterNode(host: "10.0.0.9", port: 7009)
        #expect(ClusterRedirect(.error("MOVED 1466 127.0.0.1:7101"), asked: asked)
                == ClusterRedirect(kind: .moved, slot: 1466, node: ClusterNode(host: "127.0.0.1", port: 7101)))
        #expect(ClusterRedirect(.error("ASK 3 :7102"), asked: asked)
                == ClusterRedirect(kind: .ask, slot: 3, node: ClusterNode(host: "10.0.0.9", port: 7102)))
        #expect(ClusterRedirect(.error("MOVED 3 [::1]:7102"), asked: asked)?.node == ClusterNode(host: "::1", port: 7102))
        #expect(ClusterRedirect(.error("ERR MOVED elsewhere"), asked: asked) == nil)
        #expect(ClusterRedirect(.error("TRYAGAIN Multiple keys request during rehashing of slot"), asked: asked) == nil)
        #expect(ClusterRedirect(.bulk(Array("MOVED 1 a:1".utf8)), asked: asked) == nil)
    }

    @Test func commandsAreRoutedByTheirFirstKey() {
        func key(_ command: RedisCommand) -> String? { ClusterRouting.firstKey(of: command).map { String(decoding: $0, as: UTF8.self) } }
        #expect(key(RedisCommand("HGETALL", "{k}:run:1")) == "{k}:run:1")
        #expect(key(RedisCommand("BLPOP", "{k}:wake:w", 5)) == "{k}:wake:w")
        #expect(key(RedisCommand("EVALSHA", "abc", 2, "{k}:a", "{k}:b", "arg")) == "{k}:a")
        #expect(key(RedisCommand("EVAL", "return 1", 0, "arg")) == nil)
        #expect(key(RedisCommand("XREAD", "COUNT", 10, "BLOCK", 100, "STREAMS", "{k}:events:1", "0")) == "{k}:events:1")
        #expect(key(RedisCommand("OBJECT", "ENCODING", "{k}:a")) == "{k}:a")
        for keyless in ["PING", "TIME", "INFO", "WAIT", "ROLE", "ASKING"] { #expect(key(RedisCommand(keyless)) == nil) }
        #expect(key(RedisCommand("CONFIG", "GET", "appendonly")) == nil)
        #expect(ClusterRouting.slot(of: [RedisCommand("PING"), RedisCommand("GET", "foo")], home: 1466) == 12182)
        #expect(ClusterRouting.slot(of: [RedisCommand("INFO", "memory")], home: 1466) == 1466)
    }

    /// A redirect of every keyed command resends the pipeline (a WAIT behind a script included); a
    /// redirect of some (a migration half done) resends only those, so nothing runs twice.
    @Test func repliesDecideWhatIsSentAgain() {
        let asked = ClusterNode(host: "h", port: 1)
        let script = RedisCommand("EVALSHA", "abc", 1, "{k}:a")
        let moved = RedisReply.error("MOVED 9 h:2")
        #expect(ClusterRouting.outcome([script, RedisCommand("WAIT", 1, 100)], [moved, .integer(0)], asked: asked)
                == .redirectAll(ClusterRedirect(kind: .moved, slot: 9, node: ClusterNode(host: "h", port: 2))))
        let reads = [RedisCommand("GET", "{k}:a"), RedisCommand("GET", "{k}:b")]
        #expect(ClusterRouting.outcome(reads, [.error("ASK 9 h:2"), .bulk([1])], asked: asked) == .redirectSome([0]))
        #expect(ClusterRouting.outcome(reads, [.null, .error("WRONGTYPE x")], asked: asked) == .done)
        #expect(ClusterRouting.asking(reads).map(\.name) == ["ASKING", "GET", "ASKING", "GET"])
        #expect(ClusterRouting.withoutAsking([.status("OK"), .integer(1), .status("OK"), .integer(2)]) == [.integer(1), .integer(2)])
    }

    @Test func messagesNameTheSeedsAndTooManyRedirectsIsRetryable() {
        var configuration = RedisConfiguration(password: "secret")
        let cluster = ClusterConfiguration(seeds: [ClusterNode(host: "a", port: 1), ClusterNode(host: "b", port: 2)], homeKey: "{kickoff}:")
        configuration.cluster = cluster
        #expect(configuration.endpoint == "cluster via a:1,b:2")
        #expect(cluster.homeSlot == 1466)
        let error = ClusterRouting.tooManyRedirects(ClusterRedirect(kind: .moved, slot: 1, node: ClusterNode(host: "c", port: 3)), cluster: cluster)
        #expect(error.isTransient)
        #expect(ClusterRouting.noOwner(slot: 1, cluster: cluster).isTransient)
    }
}
