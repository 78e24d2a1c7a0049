import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The instance marker tells each process, once, that Redis lost its data: a front (the async store)
/// and a worker (the blocking queue) watching one namespace, whose marker is deleted as a Redis
/// restarted without persistence would lose it.
@Suite struct InstanceWatchTests {
    @Test func eachProcessReportsALossOnceAndNothingBefore() async throws {
        let queue = try await QueueFixture()
        let store = Store(configuration: StoreConfiguration(redis: queue.configuration), operations: queue.operations, connections: 1)
        defer { Task { await store.shutdown() } }
        let worker = WatchBox()
        var front = InstanceWatch()
        let workerCheck: @Sendable () async throws -> Bool = {
            try await queue.blocking { queue in try queue.checkInstance(&worker.value) }
        }

        // The first checks learn the marker (the first creates it): no loss, and both know one value.
        #expect(try await store.checkInstance(&front) == false)
        #expect(try await workerCheck() == false)
        #expect(front.known != nil && front.known == worker.value.known)
        #expect(try await store.checkInstance(&front) == false)
        #expect(try await workerCheck() == false)

        _ = try await queue.send(RedisCommand("DEL", queue.keys.instanceMarker))
        // The front finds it gone (and writes a new one); the worker finds another than it knew.
        #expect(try await store.checkInstance(&front) == true)
        #expect(try await workerCheck() == true)
        #expect(try await store.checkInstance(&front) == false)
        #expect(try await workerCheck() == false)

        // Lost again, found first by the worker this time: a marker the front wrote itself and lost
        // is not mistaken for the one it knows.
        _ = try await queue.send(RedisCommand("DEL", queue.keys.instanceMarker))
        #expect(try await workerCheck() == true)
        #expect(try await store.checkInstance(&front) == true)
    }

    @Test func aMarkerThisProcessWroteAndLostCountsAsLost() {
        var watch = InstanceWatch()
        #expect(watch.observe(previous: nil) == false)
        #expect(watch.observe(previous: nil) == true)
        #expect(watch.observe(previous: watch.known) == false)
    }
}

/// The worker's watch, used by one thread at a time (each check awaits the last).
private final class WatchBox: @unchecked Sendable {
    var value = InstanceWatch()
}
