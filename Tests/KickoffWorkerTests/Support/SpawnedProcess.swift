import Foundation
import Glibc
import Synchronization

@testable import KickoffWorker
import KickoffTestSupport


/// A program the test started (the `kickoff` binary), with stdout and stderr in a file, waited for by
/// polling so a hung program fails the test at a deadline instead of hanging it.
final class SpawnedProcess: Sendable {
    let pid: pid_t
    let outputPath: String
    private let exitStatus = Mutex<StepExitStatus?>(nil)

    init(_ argv: [String], environment: [String: String] = ProcessInfo.processInfo.environment, outputPath: String) throws {
        self.outputPath = outputPath
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let environmentStrings = environment.map { "\($0.key)=\($0.value)" }
        var argvPointers = argv.map { strdup($0) } + [nil]
        var envPointers = environmentStrings.map { strdup($0) } + [nil]
        defer {
            argvPointers.forEach { free($0) }
            envPointers.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, &argvPointers, &envPointers)
        guard result == 0 else {
            throw TestSupportError("posix_spawn \(argv[0]): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    /// Polls for the exit (and reaps it); throws at the deadline.
    func waitForExit(within timeout: Duration = .seconds(30)) async throws -> StepExitStatus {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = pollExit() { return status }
            guard ContinuousClock.now < deadline else {
                throw TestSupportError("pid \(pid) still running after \(timeout); output:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The exit status if the process has ended (reaping it), else nil.
    func pollExit() -> StepExitStatus? {
        exitStatus.withLock { status in
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    status = StepExitStatus(waitStatus: raw)
                }
            }
            return status
        }
    }

    func signal(_ number: Int32) {
        if pollExit() == nil {
            kill(pid, number)
        }
    }

    var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}
