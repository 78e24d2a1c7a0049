public import Foundation
import Glibc
import Synchronization

/// A child process started like the pool's workers: every signal unblocked and at its default
/// disposition (Foundation's `Process` passes on the spawning thread's mask, and Dispatch threads
/// block SIGTERM — a child started that way never sees a polite stop), sharing our stdout/stderr.
/// `kickoff dev` runs Redis, the front and the pool this way.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    public let name: String
    private let exited: AsyncStream<Int32>
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `argv` (`argv[0]` an absolute path). `onExit` runs on a thread of its own with the
    /// wait status once the child has ended and been reaped.
    public init(name: String, argv: [String], environment: [String: String], onExit: @escaping @Sendable (Int32) -> Void = { _ in }) throws {
        self.name = name
        do {
            pid = try WorkerProcessSpawn(command: argv, environment: environment).spawn(slot: nil)
        } catch {
            throw error
        }
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        exited = stream
        // A blocking waitpid on a thread of its own: never on the Swift concurrency pool.
        DedicatedThread.start("kickoff-wait-\(name)") { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exitStatus.withLock { $0 = status }
            onExit(status)
            continuation.yield(status)
            continuation.finish()
        }
    }

    public var isRunning: Bool { exitStatus.withLock { $0 == nil } }

    public func signal(_ number: Int32) {
        guard isRunning else { return }
        kill(pid, number)
    }

    /// Waits (without blocking a thread) until the child has ended; returns its wait status.
    @discardableResult
    public func waitForExit() async -> Int32 {
        if let status = exitStatus.withLock({ $0 }) { return status }
        for await status in exited { return status }
        return exitStatus.withLock { $0 } ?? -1
    }
}
