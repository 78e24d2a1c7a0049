import Foundation
import Glibc
public import KickoffModel

/// A step run inside bubblewrap (`isolation: sandbox`): the spawn starts `bwrap`, which starts the step.
/// What the step gets: its own PID namespace (`/proc` shows only its own processes, so no other step's
/// environment or command line), a private `/tmp`, the whole file system read-only but for its run's
/// directory and the pipeline's working directory, the worker's data directory hidden (no other run's
/// files) but for its own run's, and, with `network: false`, a network namespace with only loopback.
/// It still runs as the worker's user, with the worker's view of devices it is given (`/dev` minimal).
public struct StepSandbox: Sendable, Hashable {
    /// The run's directory (attempt), writable.
    public var runDirectory: String
    /// The worker's data directory (every run's directory is in it), hidden.
    public var dataDirectory: String
    /// The run's `KICKOFF_ARTIFACT_DIR` in the artifact store, writable; the store itself (every run's
    /// artifacts) is hidden like the data directory.
    public var artifactDirectory: String?
    public var artifactStore: String?
    public var network: Bool

    /// The sandbox for a step with `confinement`; nil when it is not sandboxed.
    public init?(confinement: StepConfinement, runDirectory: RunDirectory, artifacts: RunArtifacts? = nil) {
        guard confinement.isolation == .sandbox else { return nil }
        self.runDirectory = runDirectory.path
        self.dataDirectory = runDirectory.root
        self.artifactDirectory = artifacts?.artifactDir
        self.artifactStore = artifacts?.store
        self.network = confinement.network
    }

    /// `bwrap`'s path and argv to run `executablePath` with `argv` in `workingDirectory` (absolute).
    func wrap(executablePath: String, argv: [String], workingDirectory: String) throws(StepProcessError) -> (path: String, argv: [String]) {
        guard let bwrap = Self.bubblewrap() else {
            throw .spawnFailed(program: argv.first ?? "", reason: "isolation: sandbox needs bubblewrap (bwrap), which is not on the worker's PATH; "
                               + "install it (Debian: apt-get install bubblewrap)")
        }
        // Order matters: each mount lies over the ones before it.
        var arguments = [
            "bwrap", "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
            "--bind", workingDirectory, workingDirectory,
            "--tmpfs", dataDirectory,
        ]
        // A store outside the data directory is hidden the same way (inside it, it already is).
        if let artifactStore, !(artifactStore + "/").hasPrefix(dataDirectory + "/") { arguments += ["--tmpfs", artifactStore] }
        arguments += ["--bind", runDirectory, runDirectory]
        if let artifactDirectory { arguments += ["--bind", artifactDirectory, artifactDirectory] }
        arguments += ["--chdir", workingDirectory]
        if !network { arguments.append("--unshare-net") }
        return (bwrap, arguments + ["--", executablePath] + argv.dropFirst())
    }

    /// `bwrap` on the worker's PATH (or in /usr/bin), nil when it is in neither.
    static func bubblewrap() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin"]
        for directory in directories where directory.hasPrefix("/") {
            let candidate = directory + "/bwrap"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
