import Foundation
import KickoffModel
import KickoffTestSupport
import Testing

/// A real `kickoff worker` and a step that starts a daemon in a session of its own (`setsid`), which
/// the step's process-group kill does not reach: the worker, a child subreaper, kills it and the
/// daemon's own child when the step ends.
@Suite struct StepDescendantsEndToEndTests {
    static let pipelines = """
    pipelines:
      daemon:
        env: {SHARED: "$SHARED"}
        steps:
          start:
            run:
              - sh
              - -c
              - |
                setsid sh -c 'sleep 1000 & echo $! > "$SHARED/child.pid"; echo $$ > "$SHARED/daemon.pid"; wait' < /dev/null > /dev/null 2>&1 &
                while [ ! -s "$SHARED/daemon.pid" ] || [ ! -s "$SHARED/child.pid" ]; do sleep 0.05; done
    """

    static func pid(_ fixture: WorkerFixture, _ name: String) throws -> Int32 {
        let text = try String(contentsOf: fixture.shared.appendingPathComponent(name), encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw TestSupportError("\(name): \(text)") }
        return pid
    }

    @Test func aDaemonAStepStartedInASessionOfItsOwnIsKilledWhenTheStepEnds() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let run = try await fixture.enqueue("daemon")
        try fixture.startWorker("w1")
        let record = try await fixture.waitUntilFinished(run.id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        let daemon = try Self.pid(fixture, "daemon.pid"), child = try Self.pid(fixture, "child.pid")
        do {
            try await Eventually.poll("the step's daemon \(daemon) and its child \(child) are gone", deadline: .seconds(30)) {
                ProcessLiveness.isGone(daemon) && ProcessLiveness.isGone(child)
            }
        } catch {
            // Still there (the failure): the test's own processes, not left behind.
            for pid in [daemon, child] where !ProcessLiveness.isGone(pid) { kill(pid, SIGKILL) }
            throw error
        }
    }
}
