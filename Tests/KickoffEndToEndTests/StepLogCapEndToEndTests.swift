import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// A real `kickoff worker` (log cap 1 MiB, the default) and a step that writes 256 MiB to its log:
/// while the step writes, the worker frees the log's start, so the file never takes much more than
/// the cap on disk; the run keeps the log's last bytes.
@Suite struct StepLogCapEndToEndTests {
    static let pipelines = """
    pipelines:
      flood:
        steps:
          write: {run: [python3, flood.py]}
    """

    /// Writes 4 × 64 MiB; after each 64 MiB it waits (up to 60 s) until its own log (its stdout) takes
    /// less than 8 MiB on disk, and fails if it never does. Then a last line.
    static let flood = #"""
    import os, sys, time
    chunk = (b"x" * 1023 + b"\n") * 1024
    def on_disk():
        return os.fstat(1).st_blocks * 512
    for n in range(4):
        for _ in range(64):
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        deadline = time.monotonic() + 60
        while on_disk() > 8 * 1024 * 1024:
            if time.monotonic() > deadline:
                sys.stdout.buffer.write(b"the log still takes %d bytes on disk after %d MiB\n" % (on_disk(), 64 * (n + 1)))
                sys.exit(3)
            time.sleep(0.05)
    sys.stdout.buffer.write(b"the last line\n")
    """#

    @Test func aStepWritingFarMoreThanTheCapKeepsItsLogSmallOnDiskWhileItRuns() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        try Self.flood.write(to: fixture.directory.appendingPathComponent("flood.py"), atomically: true, encoding: .utf8)
        let run = try await fixture.enqueue("flood")
        try fixture.startWorker("w1")
        let record = try await fixture.waitUntilFinished(run.id, deadline: .seconds(300))
        let client = RedisClient(configuration: fixture.queue.configuration, connectionCount: 1)
        let logs = try await RunStore(client: client, operations: fixture.queue.operations).logs(id: run.id)
        await client.shutdown()
        let log = logs["write"] ?? ""
        #expect(record.status == .succeeded, "\(log.suffix(300))\n\(fixture.workerLogs())")
        #expect(log.hasSuffix("the last line\n"), "\(log.suffix(300))")
        #expect(log.hasPrefix("[log truncated: the first"), "\(log.prefix(200))")
    }
}
