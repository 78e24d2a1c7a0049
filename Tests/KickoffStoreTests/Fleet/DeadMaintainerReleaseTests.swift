import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// `maintainer_release_dead`: a pool frees the maintainer lease of a worker it reaped, and only that
/// worker's: the token must end in exactly `@host/pid`.
@Suite struct DeadMaintainerReleaseTests {
    @Test func theLeaseOfTheDeadProcessIsFreedAndNoOtherOne() async throws {
        let queue = try await QueueFixture()
        let key = queue.keys.maintainer
        _ = try await queue.send(RedisCommand("SET", key, "w1#abc@host-1/123", "PX", 60_000))
        // Another pid that ends alike, another host, a mere prefix: not the holder.
        for suffix in ["@host-1/23", "@host-1/1234", "@host-2/123", "@host-1/12"] {
            #expect(try await queue.blocking { try $0.releaseMaintainer(ofDeadProcess: suffix) } == false, "\(suffix)")
        }
        #expect(try await queue.send(RedisCommand("GET", key)).string == "w1#abc@host-1/123")

        #expect(try await queue.blocking { try $0.releaseMaintainer(ofDeadProcess: "@host-1/123") })
        #expect(try await queue.send(RedisCommand("GET", key)) == .null)
        // Nobody holds it now: nothing to free.
        #expect(try await queue.blocking { try $0.releaseMaintainer(ofDeadProcess: "@host-1/123") } == false)
    }
}
