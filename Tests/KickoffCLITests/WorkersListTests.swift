import KickoffModel
@testable import kickoff
import Testing

/// `kickoff workers list`: one line per worker, its flags in the last column.
@Suite struct WorkersListTests {
    @Test func eachWorkerIsALineWithItsRunAndFlags() {
        let busy = WorkerRecord(name: "w1", host: "gpu-1", pid: 10, queues: ["gpu", "default"], pipelineDigest: "aaa", runID: "r-1",
                                pipeline: "train", runSince: 1, step: "fit", stepSince: 2, heartbeatAt: 10_000, intervalMilliseconds: 1000,
                                runsDone: 4, rssBytes: 64 * 1_048_576)
        let idle = WorkerRecord(name: "w2", host: "cpu-1", pid: 11, queues: ["default"], pipelineDigest: "bbb", heartbeatAt: 5_000,
                                intervalMilliseconds: 1000)
        let text = WorkersListCommand.render(WorkerList(records: [idle, busy], frontDigest: "aaa", now: 10_500))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("WORKER") && lines[0].hasSuffix("FLAGS"))
        #expect(lines[1].hasPrefix("w1") && lines[1].contains("gpu-1/10") && lines[1].contains("r-1 (train)") && lines[1].contains("64 MiB"))
        #expect(lines[1].hasSuffix("-"))
        #expect(lines[2].hasPrefix("w2") && lines[2].contains("idle") && lines[2].hasSuffix("late heartbeat, other pipeline file"))
        #expect(WorkersListCommand.render(WorkerList(records: [], frontDigest: "", now: 0)).hasSuffix("no live worker\n"))
    }
}
