/// Why a step could not be run at all. A step that ran and failed is a `StepOutcome`, not an error.
public enum StepProcessError: Error, Sendable, Hashable {
    /// The spec cannot be turned into a process (empty argv, a NUL byte, a bad environment name).
    case invalidSpec(program: String, reason: String)
    /// `program` has no `/` and is in no directory of `searchedPath`.
    case executableNotFound(program: String, searchedPath: String)
    case workingDirectoryUnavailable(path: String, reason: String)
    case logUnavailable(path: String, reason: String)
    /// `posix_spawn` failed; with glibc this includes the child's failed `exec` (ENOENT, EACCES, ENOEXEC).
    case spawnFailed(program: String, reason: String)
    /// The main process could not be waited for (for example a SIGCHLD set to SIG_IGN reaped it already).
    case waitFailed(program: String, reason: String)
}

extension StepProcessError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidSpec(let program, let reason):
            "cannot run \(quoted(program)): \(reason)"
        case .executableNotFound(let program, let searchedPath):
            "executable \(quoted(program)) not found in PATH \(quoted(searchedPath))"
        case .workingDirectoryUnavailable(let path, let reason):
            "working directory \(quoted(path)) is unusable: \(reason)"
        case .logUnavailable(let path, let reason):
            "cannot open log file \(quoted(path)): \(reason)"
        case .spawnFailed(let program, let reason):
            "cannot start \(quoted(program)): \(reason)"
        case .waitFailed(let program, let reason):
            "cannot wait for \(quoted(program)): \(reason)"
        }
    }
}
