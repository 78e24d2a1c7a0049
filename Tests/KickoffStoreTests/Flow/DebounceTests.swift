import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Debounce in the store: triggers with one key become one scheduled run.
@Suite struct DebounceTests {
    @Test func fiveTriggersWithOneKeyBecomeOneRunWithTheLastParameters() async throws {
        let fixture = try await QueueFixture()
        let store = fixture.runStore()
        let debounce = DebounceSlot(slot: "demo:bucket", window: .seconds(30), maxWait: .seconds(300))
        var answers: [RunStore.Submitted] = []
        for value in 1...5 { answers.append(try await store.submit(fixture.flowRun(debounce: debounce, value: value))) }
        guard case .stored(let first) = answers[0] else { Issue.record("the first trigger makes the run"); return }
        #expect(first.status == .scheduled)
        let joined = answers.dropFirst().compactMap { answer -> RunRecord? in
            if case .debounced(let record) = answer { return record }
            return nil
        }
        #expect(joined.count == 4)
        #expect(joined.allSatisfy { $0.id == first.id })
        let record = try #require(try await store.run(id: first.id))
        #expect(record.debouncedTriggers == 5)
        #expect(record.parameters["a"]?["value"] == .integer(5))
        #expect(record.status == .scheduled)
        #expect(RunObject(record: record).waitingFor?.reason == .debounce)
        // At most max_wait after the first trigger, at least window after the last.
        let due = try #require(record.notBefore)
        #expect(due <= record.createdAt + 300_000)
        #expect(due >= record.createdAt + 30_000)
        // Another key is another run.
        guard case .stored = try await store.submit(fixture.flowRun(debounce: DebounceSlot(slot: "demo:other", window: .seconds(30), maxWait: .seconds(300))))
        else { Issue.record("another key makes its own run"); return }
    }

    @Test func onceDueTheRunIsQueuedAndTheNextTriggerMakesANewRun() async throws {
        let fixture = try await QueueFixture()
        let store = fixture.runStore()
        let debounce = DebounceSlot(slot: "demo:k", window: .milliseconds(1), maxWait: .milliseconds(1))
        guard case .stored(let first) = try await store.submit(fixture.flowRun(debounce: debounce)) else { Issue.record("stored"); return }
        try await Eventually.poll("the debounced run is due and queued") {
            _ = try await fixture.blocking { try $0.maintain() }
            return try await store.run(id: first.id)?.status == .queued
        }
        #expect(try await store.run(id: first.id)?.waitingFor == nil)
        guard case .stored(let second) = try await store.submit(fixture.flowRun(debounce: debounce)) else { Issue.record("a new run"); return }
        #expect(second.id != first.id)
        #expect(try await fixture.claim()?.record.id == first.id)
    }
}
