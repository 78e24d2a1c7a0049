import Foundation
import Glibc

/// Runs one step as a child process and blocks the calling thread until it has ended.
///
/// Call it from a dedicated thread, never from a Swift concurrency task: it blocks in `waitid`, and the
/// cooperative pool (two threads on the workers' machines) must not be held up by it.
public struct StepRunner: Sendable {
    public init() {}

    /// Spawns the step, enforces its timeout and `cancellation`, waits for it, and finally SIGKILLs
    /// whatever is left of its process group, and in a worker whatever else it left (`StepDescendants`).
    ///
    /// Throws when the step could not be started (or waited for); a step that ran and failed is a
    /// `StepResult` with a non-zero `.exited` or a `.signaled` outcome.
    @available(*, noasync, message: "blocks until the step ends: call it from a dedicated thread")
    public func run(
        _ spec: StepProcessSpec,
        cancellation: StepCancellation? = nil
    ) throws(StepProcessError) -> StepResult {
        if cancellation?.isCanceled == true {
            return StepResult(outcome: .canceled, exitStatus: nil, duration: .zero)
        }
        try spec.validate()
        let workingDirectory = try Self.usableWorkingDirectory(spec.workingDirectory)
        var executablePath = try ExecutableLookup.resolve(
            spec.program, workingDirectory: workingDirectory, environment: spec.environment)
        var argv = spec.argv
        if let sandbox = spec.sandbox {
            (executablePath, argv) = try sandbox.wrap(executablePath: executablePath, argv: argv, workingDirectory: workingDirectory)
        }

        let clock = ContinuousClock()
        let start = clock.now
        let logDescriptor = try Self.openLog(spec.logPath)
        // In a worker, the step writes into a pipe and a pump keeps the file under its cap (StepLogPump).
        let pumped: (pump: StepLogPump, writeEnd: Int32)?
        do {
            pumped = try StepLogPump.make(path: spec.logPath)
        } catch {
            close(logDescriptor)
            throw error
        }
        let pid: pid_t
        StepDescendants.willSpawn()
        do {
            defer { close(pumped?.writeEnd ?? logDescriptor) }  // the child has its own copies once spawned
            pid = try ChildSpawn(
                program: spec.program,
                executablePath: executablePath,
                argv: argv,
                environment: spec.environment,
                workingDirectory: workingDirectory,
                logDescriptor: pumped?.writeEnd ?? logDescriptor
            ).spawn()
        } catch {
            StepDescendants.spawnFailed()
            if let pumped {
                close(logDescriptor)
                pumped.pump.finish()
            }
            throw error
        }
        StepDescendants.spawned(pid)
        pumped?.pump.start(logDescriptor: logDescriptor)  // it closes the file when finished
        defer { pumped?.pump.finish() }
        // Processes that left the step's group (setsid) are killed when it ends (see StepDescendants);
        // before the pump finishes, so that no leftover still writes into its pipe.
        defer { StepDescendants.ended(pid) }

        let process = StepProcess(pid: pid, program: spec.program, killGrace: spec.killGrace)
        if let timeout = spec.timeout {
            process.stop(after: timeout)
        }
        // A cancel between the check above and here stops the fresh child at once.
        let cancelHandler = cancellation?.onCancel { process.stop(.canceled) }
        defer {
            if let cancelHandler {
                cancellation?.removeHandler(cancelHandler)
            }
        }

        let (status, stopReason) = try process.waitForExit()
        let outcome: StepOutcome =
            switch (stopReason, status) {
            case (.timedOut, _): .timedOut
            case (.canceled, _): .canceled
            case (nil, .exited(let code)): .exited(code)
            case (nil, .signaled(let signal)): .signaled(signal)
            }
        return StepResult(outcome: outcome, exitStatus: status, duration: clock.now - start)
    }

    /// The working directory made absolute (relative ones are taken from the worker's), checked to be a
    /// directory, so that a bad one is not reported as a spawn's bare ENOENT.
    private static func usableWorkingDirectory(_ path: String) throws(StepProcessError) -> String {
        let absolute = absolutePath(path, base: FileManager.default.currentDirectoryPath)
        var info = stat()
        guard stat(absolute, &info) == 0 else {
            throw .workingDirectoryUnavailable(path: path, reason: errnoText(errno))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .workingDirectoryUnavailable(path: path, reason: "not a directory")
        }
        return absolute
    }

    /// Opens (creating with mode 0600) the log for appending. Both stdout and stderr of the child share
    /// this one open file with O_APPEND, so their writes land in the order they were made.
    private static func openLog(_ path: String) throws(StepProcessError) -> Int32 {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0o600)
        } while descriptor == -1 && errno == EINTR
        guard descriptor >= 0 else {
            throw .logUnavailable(path: path, reason: errnoText(errno))
        }
        // A worker started with stdin, stdout or stderr closed could get 0...2 here, which the child's
        // own setup of 0...2 would clobber. Move it up.
        if descriptor < 3 {
            let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
            let moveError = errno
            close(descriptor)
            guard moved >= 0 else {
                throw .logUnavailable(path: path, reason: "fcntl(F_DUPFD_CLOEXEC): \(errnoText(moveError))")
            }
            descriptor = moved
        }
        return descriptor
    }
}
