import Foundation
import KickoffModel
import KickoffTestSupport
import Testing

/// Flow control through the command line: `runs list --status queued` says why runs wait, and
/// `pipelines validate` names each broken rule's line.
@Suite struct FlowControlClientTests {
    @Test func runsListSaysWhyQueuedRunsWait() async throws {
        let fixture = try await ClientFixture(pipelines: """
        pipelines:
          gated:
            env: {SHARED: "$SHARED"}
            concurrency:
              - {limit: 1}
            steps:
              hold: {run: [python3, step.py, block]}
          gpu_job:
            queue: gpu
            steps:
              fit: {run: [python3, step.py, echo]}
        """, worker: false)
        // A worker of the default queue only: the gpu run has none.
        try fixture.workers.startWorker("default-only", extra: ["--queues", "default"])
        var ids: [String] = []
        for pipeline in ["gated", "gated", "gpu_job"] {
            let triggered = try await fixture.kickoff(["trigger", pipeline])
            #expect(triggered.status == 0, "\(triggered.output)\n\(fixture.logs())")
            ids.append(try #require(triggered.output.split(separator: "\n").first.map(String.init)))
        }
        // The first gated run holds the pipeline's one slot (its step is running).
        try await fixture.workers.waitForBlockingStep(ids[0])
        let list = try await fixture.kickoff(["runs", "list", "--status", "queued"])
        #expect(list.status == 0, "\(list.output)")
        let lines = list.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("WAITING FOR") == true, "\(list.output)")
        #expect(lines.contains { $0.hasPrefix(ids[1]) && $0.contains("concurrency key \"\" (limit 1)") }, "\(list.output)")
        #expect(lines.contains { $0.hasPrefix(ids[2]) && $0.contains("no worker serves queue gpu") }, "\(list.output)")
        fixture.workers.releaseBlockingSteps()
        #expect(try await fixture.workers.waitUntilFinished(ids[1]).status == .succeeded)
    }

    @Test func validateNamesTheLineOfEachBrokenRule() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kickoff-flow-validate-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pipelines.yaml")
        try """
        pipelines:
          train:
            concurrency:
              - {key: "{{modle}}", limit: 1}
              - {limit: 0}
            debounce: {window: 10m, max_wait: 1m}
            steps:
              fit:
                run: [echo]
                parameters:
                  model: {type: string}
        """.write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await KickoffProcess.run(["pipelines", "validate", file.path])
        #expect(status == 1)
        #expect(output.contains("\(file.path):4: ") && output.contains("'modle'"), "\(output)")
        #expect(output.contains("\(file.path):5: ") && output.contains("limit must be between 1"), "\(output)")
        #expect(output.contains("\(file.path):6: ") && output.contains("max_wait (1m) must not be shorter than window (10m)"), "\(output)")
    }
}
