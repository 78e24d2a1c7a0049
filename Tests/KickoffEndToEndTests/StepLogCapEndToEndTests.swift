import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A real `kickoff worker` (log cap 1 MiB, the default) and a step that writes 256 MiB to its log:
/// while the step writes, its log file never takes more than about two caps, on disk or in size; the
/// run keeps the log's last bytes.
@Suite struct StepLogCapEndToEndTests {
    static let pipelines = """
    pipelines:
      flood:
        env: {SHARED: "$SHARED"}
        steps:
          write: {run: [python3, flood.py]}
    """

    /// Writes 4 × 64 MiB; after each 64 MiB it says so (`paused-N`) and waits for the test's `go-N`.
    static let flood = #"""
    import os, sys, time
    shared = os.environ["SHARED"]
    chunk = (b"x" * 1023 + b"\n") * 1024
    for n in range(4):
        for _ in range(64):
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        open(os.path.join(shared, "paused-%d" % n), "w").close()
        deadline = time.monotonic() + 120
        while not os.path.exists(os.path.join(shared, "go-%d" % n)):
            if time.monotonic() > deadline:
                sys.exit("the test never said go")
            time.sleep(0.05)
    sys.stdout.buffer.write(b"the last line\n")
    """#

    @Test func aStepWritingFarMoreThanTheCapKeepsItsLogSmallWhileItRuns() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        try Self.flood.write(to: fixture.directory.appendingPathComponent("flood.py"), atomically: true, encoding: .utf8)
        let run = try await fixture.enqueue("flood")
        try fixture.startWorker("w1")
        let logPath = fixture.directory.appendingPathComponent("data/\(run.id).attempt-1/write.log").path
        for n in 0..<4 {
            let paused = fixture.shared.appendingPathComponent("paused-\(n)").path
            try await Eventually.poll("the step has written \(64 * (n + 1)) MiB", deadline: .seconds(120)) {
                FileManager.default.fileExists(atPath: paused)
            }
            var info = stat()
            #expect(stat(logPath, &info) == 0, "\(logPath)")
            // Two caps at most, plus what the pump may still be copying (its pipe holds 64 KiB).
            #expect(Int(info.st_size) <= 2 * 1_048_576 + 65_536, "after \(64 * (n + 1)) MiB the log is \(info.st_size) bytes")
            #expect(Int(info.st_blocks) * 512 <= 3 * 1_048_576, "after \(64 * (n + 1)) MiB the log takes \(Int(info.st_blocks) * 512) bytes on disk")
            #expect(FileManager.default.createFile(atPath: fixture.shared.appendingPathComponent("go-\(n)").path, contents: nil))
        }
        let record = try await fixture.waitUntilFinished(run.id, deadline: .seconds(120))
        let client = RedisClient(configuration: fixture.queue.configuration, connectionCount: 1)
        let logs = try await RunStore(client: client, operations: fixture.queue.operations).logs(id: run.id)
        await client.shutdown()
        let log = logs["write"] ?? ""
        #expect(record.status == .succeeded, "\(log.suffix(300))\n\(fixture.workerLogs())")
        #expect(log.hasSuffix("the last line\n"), "\(log.suffix(300))")
        // 256 MiB and a line written, a MiB kept: the marker counts what was not kept.
        let cut = 256 * 1_048_576 + "the last line\n".utf8.count - (log.utf8.count - (log.firstIndex(of: "\n").map { log.utf8.distance(from: log.startIndex, to: $0) + 1 } ?? 0))
        #expect(log.hasPrefix("[log truncated while the step ran: the first \(cut) bytes it wrote are not kept]\n"), "\(log.prefix(200))")
        #expect(log.utf8.count <= 1_048_576 + 200, "\(log.utf8.count) bytes kept")
    }
}
