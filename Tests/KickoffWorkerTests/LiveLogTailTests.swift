import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
@testable import KickoffWorker
import RedisClient
import Testing


/// The worker's live log tail, tick by tick (the instants are given, so no test waits on a clock),
/// against the real Redis: what it stores, and that it makes no call at all when nothing is due.
@Suite struct LiveLogTailTests {
    /// What the tail returned at each tick and the step's stored log after it.
    struct Tick: Sendable, Equatable {
        var outcome: LiveLogTail.Outcome?
        var stored: String?
    }

    @Test func aStepsLogIsSentOnceItHasRunAnIntervalAtMostOncePerIntervalAndOnlyWhenItGrew() async throws {
        let fixture = try await QueueFixture()
        let run = fixture.newRun(steps: ["a"])
        try await fixture.blocking { try $0.enqueue(run) }
        let ticks = try await withTemporaryDirectory { root in
            try await fixture.blocking { queue -> [Tick] in
                guard let claimed = try queue.claim(worker: "host/1", lease: .seconds(30)) else { throw TestSupportError("nothing to claim") }
                _ = try queue.recordStep(claimed, state: StepState(name: "a", status: .running, startedAt: 1), event: "step.started")
                let directory = try RunDirectory(root: root, runID: run.id, attempt: 1)
                try directory.create()
                let state = WorkerState()
                _ = state.begin(claimed)
                state.stepStarted("a", directory: directory)
                guard let started = state.current?.step?.startedAt else { throw TestSupportError("no running step") }
                let log = try directory.logPath(step: "a")
                var tail = LiveLogTail(interval: .seconds(1), logCap: 1 << 20)
                var ticks: [Tick] = []
                func tick(after offset: Duration) throws {
                    let outcome = tail.tick(state.current, queue: queue, now: started + offset)
                    let stored = try queue.connection.send(RedisCommand("HGET", fixture.keys.logs(run.id), "a")).string
                    ticks.append(Tick(outcome: outcome, stored: stored))
                }
                func append(_ text: String) throws {
                    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
                    try handle.seekToEnd()
                    try handle.write(contentsOf: Data(text.utf8))
                    try handle.close()
                }
                try tick(after: .seconds(2))                 // 0: no log file yet
                try writeFile(log, "one\n", mode: 0o600)
                try tick(after: .milliseconds(500))          // 1: younger than the interval: a fast step costs nothing
                try tick(after: .seconds(1))                 // 2: sent
                _ = try queue.connection.send(RedisCommand("HDEL", fixture.keys.logs(run.id), "a"))
                try tick(after: .seconds(3))                 // 3: the file did not grow: not sent again
                try append("two\n")
                try tick(after: .seconds(3))                 // 4: grew: sent
                try append("three\n")
                try tick(after: .milliseconds(3500))         // 5: within an interval of the last send
                try tick(after: .seconds(4))                 // 6: sent
                state.stepEnded()
                try append("four\n")
                try tick(after: .seconds(9))                 // 7: the step has ended: its final record is the executor's
                return ticks
            }
        }
        #expect(ticks == [
            Tick(outcome: nil, stored: nil),
            Tick(outcome: nil, stored: nil),
            Tick(outcome: .sent(.ok), stored: "one\n"),
            Tick(outcome: nil, stored: nil),
            Tick(outcome: .sent(.ok), stored: "one\ntwo\n"),
            Tick(outcome: nil, stored: "one\ntwo\n"),
            Tick(outcome: .sent(.ok), stored: "one\ntwo\nthree\n"),
            Tick(outcome: nil, stored: "one\ntwo\nthree\n"),
        ])
    }
}
