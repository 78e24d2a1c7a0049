import Foundation
import KickoffTestSupport

/// Steps that run `step.py block`: each writes its pid to `$SHARED/<run id>-<attempt>.pid`, then waits
/// for the file `$SHARED/go`. Tests use them to catch a run while a step is running.
extension WorkerFixture {
    /// A pipeline `long` of one step `wait` that blocks until `releaseBlockingSteps()` (or a signal).
    static let blockingPipeline = """
    pipelines:
      long:
        env: {SHARED: "$SHARED"}
        steps:
          wait: {run: [python3, step.py, block]}
    """

    func blockingStepPIDFile(_ runID: String, attempt: Int = 1) -> URL {
        shared.appendingPathComponent("\(runID)-\(attempt).pid")
    }

    /// Polls until attempt `attempt` of the run's blocking step is running; returns the step's pid.
    /// `not`: the pid of an earlier run of the step in the same attempt (a worker lost meanwhile costs
    /// no attempt): wait for another one.
    @discardableResult
    func waitForBlockingStep(_ runID: String, attempt: Int = 1, not earlier: Int32? = nil, deadline: Duration = .seconds(20)) async throws -> Int32 {
        let file = blockingStepPIDFile(runID, attempt: attempt)
        let read: @Sendable () -> Int32? = {
            (try? String(contentsOf: file, encoding: .utf8)).flatMap { Int32($0) }.flatMap { $0 == earlier ? nil : $0 }
        }
        do {
            try await Eventually.poll("attempt \(attempt) of run \(runID) is running its step", deadline: deadline) { read() != nil }
        } catch {
            throw TestSupportError("\(error)\n\(workerLogs().suffix(3000))")
        }
        guard let pid = read() else { throw TestSupportError("no pid in \(file.path)") }
        return pid
    }

    /// Lets every blocking step end.
    func releaseBlockingSteps() {
        _ = FileManager.default.createFile(atPath: shared.appendingPathComponent("go").path, contents: Data())
    }
}
