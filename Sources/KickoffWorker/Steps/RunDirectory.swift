import Foundation
import Glibc

/// Where one attempt of a run keeps its files, for the step protocol:
///
///     <root>/<run id>.attempt-<n>/        0700
///         <step>.output.json                    KICKOFF_OUTPUT, written by the step
///         <step>.log                      0600  the step's stdout and stderr
///
/// (The run's artifacts are in the artifact store, `RunArtifacts`.) One directory per attempt, not
/// more: creating and removing directories was the largest part of a worker's CPU time per run (each one is a block to allocate and, on a disk mounted with `discard`,
/// to discard again). A retried run gets a fresh attempt directory, so a step never reads a previous
/// attempt's leftovers. Run ids and step names must be `SafeName`s: they become file names (the
/// suffixes keep a step's files apart from `artifacts`).
public struct RunDirectory: Sendable, Hashable {
    public let root: String
    public let runID: String
    public let attempt: Int

    /// - Parameter root: the directory that holds all runs. A relative one is made absolute here, against
    ///   the worker's working directory: the paths go to steps that run in other directories.
    public init(root: String, runID: String, attempt: Int) throws(RunDirectoryError) {
        guard !root.isEmpty, !root.utf8.contains(0) else { throw .invalidRoot(root) }
        try SafeName.check(runID, role: "run id")
        guard attempt >= 1 else { throw .invalidAttempt(attempt) }
        self.root = absolutePath(root, base: FileManager.default.currentDirectoryPath)
        self.runID = runID
        self.attempt = attempt
    }

    /// `<root>/<run id>.attempt-<n>`.
    public var path: String { absolutePath(runID + ".attempt-\(attempt)", base: root) }

    /// The step's `KICKOFF_OUTPUT` file.
    public func outputPath(step: String) throws(RunDirectoryError) -> String {
        try SafeName.check(step, role: "step name")
        return path + "/" + step + ".output.json"
    }

    /// The file the step's stdout and stderr are appended to.
    public func logPath(step: String) throws(RunDirectoryError) -> String {
        try SafeName.check(step, role: "step name")
        return path + "/" + step + ".log"
    }

    /// Creates the attempt's directory, owner-only (0700), and the root if missing. Idempotent; an
    /// existing directory of the layout is set back to 0700, a symlink or file in its place is an error.
    public func create() throws(RunDirectoryError) {
        try Self.makeDirectories(root)
        try Self.makeOwnerOnlyDirectory(path)
    }

    /// `mkdir -p` of an absolute path, new components owner-only; existing ones are left as they are.
    private static func makeDirectories(_ path: String) throws(RunDirectoryError) {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return }  // the usual case: one call
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST {
                throw .createFailed(path: prefix, reason: errnoText(errno))
            }
        }
    }

    private static func makeOwnerOnlyDirectory(_ path: String) throws(RunDirectoryError) {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw .createFailed(path: path, reason: errnoText(errno))
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw .createFailed(path: path, reason: errnoText(errno))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw .createFailed(path: path, reason: "exists and is not a directory")
        }
        // mkdir's mode passes through the umask; set it exactly.
        guard chmod(path, 0o700) == 0 else {
            throw .createFailed(path: path, reason: "chmod 0700: \(errnoText(errno))")
        }
    }
}
