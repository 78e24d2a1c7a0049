import KickoffTestSupport
import Foundation
import Glibc
@testable import KickoffWorker
import Testing


/// Timeouts, cancels, and the process group going down with the step. Grandchildren are checked to be
/// gone with `kill(pid, 0)` → ESRCH, polled with a deadline.
@Suite struct StepStopTests {
    /// Starts a background `sleep` (the grandchild), writes its pid to child.pid, waits for it.
    static let stepWithGrandchild = "sleep 300 & echo $! > child.pid; wait"

    init() throws {
        try ProcessProbe.adoptOrphans()
    }

    @Test func timeoutStopsTheWholeGroupIncludingGrandchildren() async throws {
        try await withTemporaryDirectory { dir in
            let (result, _) = try await runStep(
                ["/bin/sh", "-c", Self.stepWithGrandchild], in: dir, timeout: .seconds(2))
            #expect(result.outcome == .timedOut)
            #expect(result.exitStatus == .signaled(SIGTERM))
            let grandchild = try await ProcessProbe.waitForPID(in: dir + "/child.pid")
            #expect(await ProcessProbe.waitUntilGone(grandchild))
        }
    }

    @Test func stepIgnoringSIGTERMIsKilledAfterTheGrace() async throws {
        try await withTemporaryDirectory { dir in
            let script = "trap '' TERM; " + Self.stepWithGrandchild + "; echo survived"
            let (result, log) = try await runStep(
                ["/bin/sh", "-c", script], in: dir, timeout: .seconds(2), killGrace: .milliseconds(300))
            #expect(result.outcome == .timedOut)
            #expect(result.exitStatus == .signaled(SIGKILL))
            #expect(!log.contains("survived"))
            let grandchild = try await ProcessProbe.waitForPID(in: dir + "/child.pid")
            #expect(await ProcessProbe.waitUntilGone(grandchild))
        }
    }

    @Test func backgroundChildrenDieWithTheStep() async throws {
        try await withTemporaryDirectory { dir in
            // The step itself exits at once and successfully, leaving its `sleep` behind.
            let (result, _) = try await runStep(["/bin/sh", "-c", "sleep 300 & echo $! > child.pid"], in: dir)
            #expect(result.outcome == .exited(0))
            let grandchild = try await ProcessProbe.waitForPID(in: dir + "/child.pid")
            #expect(await ProcessProbe.waitUntilGone(grandchild))
        }
    }

    @Test func cancelFromAnotherThreadStopsARunningStep() async throws {
        try await withTemporaryDirectory { dir in
            let cancellation = StepCancellation()
            async let run = runStep(["/bin/sh", "-c", Self.stepWithGrandchild], in: dir, cancellation: cancellation)
            // Once the pid file is there, the step is running and has its grandchild.
            let grandchild: pid_t
            do {
                grandchild = try await ProcessProbe.waitForPID(in: dir + "/child.pid")
            } catch {
                cancellation.cancel()  // or the pending `run` would wait for `sleep 300`
                throw error
            }
            Thread { cancellation.cancel() }.start()

            let (result, _) = try await run
            #expect(result.outcome == .canceled)
            #expect(result.exitStatus == .signaled(SIGTERM))
            #expect(cancellation.isCanceled)
            #expect(await ProcessProbe.waitUntilGone(grandchild))
        }
    }

    @Test func cancelBeforeStartNeverStartsTheStep() async throws {
        try await withTemporaryDirectory { dir in
            let cancellation = StepCancellation()
            cancellation.cancel()
            cancellation.cancel()  // idempotent
            // One handle serves a whole run: every step after the cancel is skipped.
            for _ in 0..<2 {
                let (result, _) = try await runStep(
                    ["/bin/sh", "-c", "touch started"], in: dir, cancellation: cancellation)
                #expect(result == StepResult(outcome: .canceled, exitStatus: nil, duration: .zero))
            }
            #expect(!FileManager.default.fileExists(atPath: dir + "/started"))
            #expect(!FileManager.default.fileExists(atPath: dir + "/step.log"))
        }
    }

    @Test func cancelAfterTheStepEndedChangesNothing() async throws {
        try await withTemporaryDirectory { dir in
            let cancellation = StepCancellation()
            let (result, _) = try await runStep(["/bin/sh", "-c", "exit 3"], in: dir, cancellation: cancellation)
            cancellation.cancel()
            #expect(result.outcome == .exited(3))
        }
    }
}
