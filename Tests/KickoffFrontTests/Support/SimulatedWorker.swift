import KickoffModel
import KickoffStore
import KickoffTestSupport

/// Plays a worker through the queue's blocking face, as `kickoff worker` would.
enum SimulatedWorker {
    /// Claims the next run and takes it through every step to success, with outputs.
    @discardableResult
    static func runToSuccess(_ queue: QueueFixture, outputs: JSONValue = .object(["accuracy": .number(0.87)])) async throws -> String? {
        try await queue.blocking { queue in
            guard let claimed = try queue.claim(worker: "test-host/1", lease: .seconds(30)) else { return nil }
            for step in claimed.record.steps.map(\.name) {
                _ = try queue.recordStep(claimed, state: StepState(name: step, status: .running, startedAt: 1), event: "step.started")
                _ = try queue.recordStep(claimed, state: StepState(name: step, status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0, output: outputs),
                                         event: "step.succeeded", log: "log of \(step)\n")
            }
            _ = try queue.finish(claimed, status: .succeeded, outputs: outputs, error: nil)
            return claimed.record.id
        }
    }
}
