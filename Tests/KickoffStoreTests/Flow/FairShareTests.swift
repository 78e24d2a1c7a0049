import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Round-robin across fairness groups within a priority.
@Suite struct FairShareTests {
    @Test func anotherCallersRunStartsWithinTwoClaimsOfABurst() async throws {
        let fixture = try await QueueFixture()
        let burst = (0..<5000).map { _ in fixture.flowRun(group: "key:bulk") }
        try await fixture.blocking { queue in for run in burst { try queue.enqueue(run) } }
        let single = fixture.flowRun(group: "key:other")
        try await fixture.blocking { try $0.enqueue(single) }
        let claimed = [try await fixture.claim(), try await fixture.claim()].compactMap { $0?.record.id }
        #expect(claimed.count == 2)
        #expect(claimed.contains(single.id))
        // Within a group, first in first out: the burst's runs come in order.
        #expect(claimed.first { $0 != single.id } == burst[0].id)
    }

    @Test func groupsTakeTurnsAndPriorityStillComesFirst() async throws {
        let fixture = try await QueueFixture()
        var a = (0..<3).map { _ in fixture.flowRun(group: "a") }
        var b = (0..<3).map { _ in fixture.flowRun(group: "b") }
        var urgent = fixture.flowRun(group: "a")
        urgent.priority = .high
        for run in a + b + [urgent] { try await fixture.blocking { try $0.enqueue(run) } }
        var order: [String] = []
        while let claimed = try await fixture.claim() { order.append(claimed.record.id) }
        let expected = [urgent.id, a.removeFirst().id, b.removeFirst().id, a.removeFirst().id, b.removeFirst().id, a.removeFirst().id, b.removeFirst().id]
        #expect(order == expected)
    }
}
