import Foundation
import Glibc

/// One run's place in the artifact store, shared by all its steps and attempts (and by every worker
/// that mounts the same store):
///
///     <store>/<run id>/               0700
///         artifacts/                  0700  KICKOFF_ARTIFACT_DIR
///         checkpoints/<step>                an empty file: the step succeeded with its artifacts here
///
/// A checkpoint is written after a step succeeded and before its success is recorded, so a worker
/// that resumes the run knows whether this store holds what the step left behind: a run resumed on a
/// machine without the store runs again from the first step whose checkpoint it lacks.
public struct RunArtifacts: Sendable, Hashable {
    public let store: String
    public let runID: String

    /// - Parameter store: the artifact store's root; a relative one is made absolute here.
    public init(store: String, runID: String) throws(RunDirectoryError) {
        guard !store.isEmpty, !store.utf8.contains(0) else { throw .invalidRoot(store) }
        try SafeName.check(runID, role: "run id")
        self.store = absolutePath(store, base: FileManager.default.currentDirectoryPath)
        self.runID = runID
    }

    public var path: String { absolutePath(runID, base: store) }
    public var artifactDir: String { path + "/artifacts" }
    var checkpointDir: String { path + "/checkpoints" }

    /// Whether the run has a place in the store at all.
    public var exists: Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Creates the run's directories (owner-only) and the store if missing; what is there is kept.
    public func create() throws(RunDirectoryError) {
        try ArtifactStore.makeDirectories(store)
        for directory in [path, artifactDir, checkpointDir] {
            if mkdir(directory, 0o700) != 0, errno != EEXIST {
                throw .createFailed(path: directory, reason: errnoText(errno))
            }
            var info = stat()
            guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw .createFailed(path: directory, reason: "exists and is not a directory")
            }
        }
    }

    public func hasCheckpoint(step: String) -> Bool {
        guard SafeName.isValid(step) else { return false }
        return access(checkpointDir + "/" + step, F_OK) == 0
    }

    /// Marks the step as succeeded with its artifacts in this store.
    public func markCheckpoint(step: String) throws(RunDirectoryError) {
        try SafeName.check(step, role: "step name")
        let file = checkpointDir + "/" + step
        let descriptor = open(file, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .createFailed(path: file, reason: errnoText(errno)) }
        close(descriptor)
    }

    /// Forgets a checkpoint (a step about to run again).
    public func clearCheckpoint(step: String) {
        guard SafeName.isValid(step) else { return }
        unlink(checkpointDir + "/" + step)
    }

    /// Removes the run's artifacts and checkpoints.
    public func remove() {
        TreeRemoval.remove(path)
    }

    /// Fills this run's place from another run's (a retry that reuses the other's steps): every file
    /// hard-linked where the file system allows it, else copied; the given steps' checkpoints too.
    public func seed(from original: RunArtifacts, steps: [String]) throws(RunDirectoryError) {
        try create()
        try ArtifactStore.linkTree(from: original.artifactDir, to: artifactDir)
        for step in steps where original.hasCheckpoint(step: step) {
            try markCheckpoint(step: step)
        }
    }
}
