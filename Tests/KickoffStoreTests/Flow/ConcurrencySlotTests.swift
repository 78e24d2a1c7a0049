import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Concurrency slots in the store: who holds them, who waits, and every way a slot frees.
@Suite struct ConcurrencySlotTests {
    @Test func aRunWaitsForItsKeyWhileRunsOfOtherKeysGoOn() async throws {
        let fixture = try await QueueFixture()
        let a1 = fixture.flowRun(model: "a"), a2 = fixture.flowRun(model: "a"), b1 = fixture.flowRun(model: "b")
        for run in [a1, a2, b1] { try await fixture.blocking { try $0.enqueue(run) } }
        let first = try #require(try await fixture.claim())
        #expect(first.record.id == a1.id)
        #expect(try await fixture.claim()?.record.id == b1.id)
        #expect(try await fixture.claim() == nil)
        let waiting = try #require(try await fixture.blocking { try $0.run(id: a2.id) })
        #expect(waiting.status == .queued)
        #expect(waiting.waitingFor == RunWait(reason: .concurrency, key: "a", limit: 1))
        try await fixture.succeed(first)
        let next = try #require(try await fixture.claim())
        #expect(next.record.id == a2.id)
        #expect(next.record.waitingFor == nil)
    }

    @Test func aSlotFreesWhenItsRunIsCanceledFailedByReclaimOrWaitingRunsAreCanceled() async throws {
        let fixture = try await QueueFixture()
        let holder = { var run = fixture.flowRun(model: "m"); run.maxReclaims = 0; return run }()  // its first lost worker ends it
        let canceledWhileWaiting = fixture.flowRun(model: "m"), next = fixture.flowRun(model: "m")
        for run in [holder, canceledWhileWaiting, next] { try await fixture.blocking { try $0.enqueue(run) } }
        // A run canceled while it waits leaves the slot's list.
        #expect(try await fixture.blocking { try $0.cancel(id: canceledWhileWaiting.id) } == .canceled)
        #expect(try await fixture.send(RedisCommand("LRANGE", fixture.keys.slotWaiting("demo:0:m"), 0, -1)) == .array([.bulk(Array(next.id.utf8))]))
        // The holder is claimed with a lease that ends at once: its worker "died" (max_reclaims 0).
        _ = try #require(try await fixture.blocking { try $0.claim(worker: "dead", lease: .milliseconds(1)) })
        try await Eventually.poll("maintenance fails the holder whose lease expired") {
            _ = try await fixture.blocking { try $0.maintain() }
            return try await fixture.blocking { try $0.run(id: holder.id) }?.status == .failed
        }
        // …and the slot went to the next run.
        #expect(try await fixture.claim()?.record.id == next.id)
        #expect(try await fixture.send(RedisCommand("SMEMBERS", fixture.keys.slot("demo:0:m"))) == .array([.bulk(Array(next.id.utf8))]))
    }

    @Test func aQueuedHolderCanceledFreesItsSlot() async throws {
        let fixture = try await QueueFixture()
        let holder = fixture.flowRun(model: "m"), waiter = fixture.flowRun(model: "m")
        for run in [holder, waiter] { try await fixture.blocking { try $0.enqueue(run) } }
        #expect(try await fixture.blocking { try $0.cancel(id: holder.id) } == .canceled)
        #expect(try await fixture.claim()?.record.id == waiter.id)
    }

    @Test func maintenanceFreesASlotWhoseHolderRecordIsGone() async throws {
        let fixture = try await QueueFixture()
        let holder = fixture.flowRun(model: "m"), waiter = fixture.flowRun(model: "m")
        for run in [holder, waiter] { try await fixture.blocking { try $0.enqueue(run) } }
        _ = try #require(try await fixture.claim())
        // The holder's record vanishes without an end (deleted by hand): no script ends it.
        _ = try await fixture.send(RedisCommand("DEL", fixture.keys.run(holder.id)))
        try await fixture.blocking { _ = try $0.maintain() }
        #expect(try await fixture.claim()?.record.id == waiter.id)
    }

    @Test func skipRefusesTheRunAndNamesTheHolder() async throws {
        let fixture = try await QueueFixture()
        let store = fixture.runStore()
        let holder = fixture.flowRun(model: "m", onLimit: .skip)
        guard case .stored = try await store.submit(holder) else { Issue.record("the first run is stored"); return }
        let refused = fixture.flowRun(model: "m", onLimit: .skip)
        #expect(try await store.submit(refused) == .skipped(heldBy: holder.id))
        #expect(try await store.run(id: refused.id) == nil)
        // Another key is free.
        guard case .stored = try await store.submit(fixture.flowRun(model: "other", onLimit: .skip)) else { Issue.record("another key is free"); return }
    }

    @Test func cancelRunningCancelsTheHolderAndTheNewRunTakesTheSlot() async throws {
        let fixture = try await QueueFixture()
        let store = fixture.runStore()
        let running = fixture.flowRun(model: "m", onLimit: .cancelRunning)
        _ = try await store.submit(running)
        let claimed = try #require(try await fixture.claim())
        let newer = fixture.flowRun(model: "m", onLimit: .cancelRunning)
        _ = try await store.submit(newer)
        #expect(try await store.run(id: running.id)?.cancelRequested == true)
        #expect(try await fixture.claim() == nil)
        // The worker stops its step and finishes the run as canceled: the slot passes on.
        try await fixture.blocking { _ = try $0.finish(claimed, status: .canceled, outputs: nil, error: RunError(message: "canceled")) }
        #expect(try await fixture.claim()?.record.id == newer.id)
        // A queued holder is canceled at once.
        let queued = fixture.flowRun(model: "q", onLimit: .cancelRunning)
        _ = try await store.submit(queued)
        let replacement = fixture.flowRun(model: "q", onLimit: .cancelRunning)
        _ = try await store.submit(replacement)
        #expect(try await store.run(id: queued.id)?.status == .canceled)
        #expect(try await fixture.claim()?.record.id == replacement.id)
    }
}

extension QueueFixture {
    /// The async face on this fixture's namespace.
    func runStore() -> RunStore {
        RunStore(client: RedisClient(configuration: configuration, connectionCount: 1), operations: operations)
    }
}
