import KickoffStore
import Testing

/// `INFO memory` read as Redis counts it for `-OOM`: over `maxmemory`, less what it does not count,
/// under a policy that may not evict.
@Suite struct RedisMemoryTests {
    static func info(used: Int, notCounted: Int, maximum: Int, policy: String) -> String {
        "# Memory\r\nused_memory:\(used)\r\nused_memory_human:1M\r\nmaxmemory:\(maximum)\r\nmaxmemory_policy:\(policy)\r\n"
            + "mem_not_counted_for_evict:\(notCounted)\r\n"
    }

    @Test func fullOnlyOverTheLimitUnderNoEviction() throws {
        #expect(try #require(RedisMemory(info: Self.info(used: 2000, notCounted: 0, maximum: 1000, policy: "noeviction"))).isFull)
        #expect(try #require(RedisMemory(info: Self.info(used: 2000, notCounted: 1500, maximum: 1000, policy: "noeviction"))).isFull == false)
        #expect(try #require(RedisMemory(info: Self.info(used: 2000, notCounted: 0, maximum: 1000, policy: "allkeys-lru"))).isFull == false)
        #expect(try #require(RedisMemory(info: Self.info(used: 2000, notCounted: 0, maximum: 0, policy: "noeviction"))).isFull == false)
        #expect(RedisMemory(info: "# Memory\r\nused_memory:12\r\n") == nil)
    }
}
