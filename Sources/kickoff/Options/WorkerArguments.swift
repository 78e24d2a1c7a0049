import ArgumentParser
import Foundation
import KickoffModel
import KickoffWorker

/// The options of `kickoff worker`, also taken by `kickoff pool`, which passes them on to its workers.
struct WorkerArguments: ParsableArguments {
    @Option(help: ArgumentHelp("How long a claimed run stays this worker's without a heartbeat (default 30s).", valueName: "duration"))
    var lease: String?

    @Option(help: ArgumentHelp("How often the lease is renewed (default 5s).", valueName: "duration"))
    var heartbeat: String?

    @Option(help: ArgumentHelp("Between SIGTERM and SIGKILL when a step is stopped (default 10s).", valueName: "duration"))
    var killGrace: String?

    @Option(help: ArgumentHelp("On SIGTERM, how long the current run may go on before it is handed back (default 10s).", valueName: "duration"))
    var drainGrace: String?

    @Option(help: ArgumentHelp("Where runs keep their files (default $TMPDIR/kickoff).", valueName: "directory"))
    var dataDir: String?

    @Option(help: ArgumentHelp("The artifact store: one directory per run, shared by its steps and attempts, and by every worker that mounts it (default DATA_DIR/artifacts; env KICKOFF_ARTIFACT_STORE).", valueName: "directory"))
    var artifactStore: String?

    @Option(help: ArgumentHelp("How often the artifacts of purged and expired runs are removed (default 60s).", valueName: "duration"))
    var artifactSweepInterval: String?

    @Option(help: ArgumentHelp("The most of a step's output kept, e.g. 1MiB (default).", valueName: "size"))
    var logCap: String?

    @Option(help: ArgumentHelp("The worker's name in run records (default host/pid; in a pool, NAME-SLOT).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("The queues to claim runs from, optionally weighted: gpu,default or gpu:3,default:1 (default: the queues of the pipelines in the file).",
                               valueName: "queues"))
    var queues: String?

    /// Checked while parsing, so that a bad value is reported with the command's usage.
    func validate() throws {
        _ = try options(environment: ProcessInfo.processInfo.environment)
    }

    /// The options parsed and checked; in a pool, a given name gets the slot appended.
    func options(environment: [String: String]) throws -> WorkerOptions {
        let poolSlot = WorkerOptions.poolSlot(environment: environment)
        var options = WorkerOptions(
            lease: try parseDuration(lease, "--lease") ?? WorkerOptions.defaultLease,
            heartbeat: try parseDuration(heartbeat, "--heartbeat") ?? WorkerOptions.defaultHeartbeat,
            killGrace: try parseDuration(killGrace, "--kill-grace") ?? WorkerOptions.defaultKillGrace,
            drainGrace: try parseDuration(drainGrace, "--drain-grace") ?? WorkerOptions.defaultDrainGrace,
            dataDirectory: dataDir ?? WorkerOptions.defaultDataDirectory(environment: environment),
            logCap: try parseSize(logCap, "--log-cap") ?? WorkerOptions.defaultLogCap,
            name: WorkerOptions.name(name, poolSlot: poolSlot),
            poolSlot: poolSlot,
            queues: try queues.map { text in
                switch QueueSelection.parse(text) {
                case .success(let selection): selection
                case .failure(let error): throw ValidationError("--queues: \(error)")
                }
            }
        )
        options.artifactStore = artifactStore ?? environment[EnvironmentVariable.artifactStore].flatMap { $0.isEmpty ? nil : $0 }
        options.artifactSweepInterval = try parseDuration(artifactSweepInterval, "--artifact-sweep-interval")
            ?? WorkerOptions.defaultArtifactSweepInterval
        do {
            try options.validate()
        } catch {
            throw ValidationError(error.description)
        }
        return options
    }

    /// These flags as given, for the command line of each worker of a pool.
    var forwarded: [String] {
        forwardedFlags([("--lease", lease), ("--heartbeat", heartbeat), ("--kill-grace", killGrace),
                        ("--drain-grace", drainGrace), ("--data-dir", dataDir), ("--log-cap", logCap), ("--name", name), ("--queues", queues),
                        ("--artifact-store", artifactStore), ("--artifact-sweep-interval", artifactSweepInterval)])
    }
}

func parseDuration(_ text: String?, _ flag: String) throws -> Duration? {
    guard let text else { return nil }
    do {
        return try DurationParser.parse(text)
    } catch {
        throw ValidationError("\(flag): \(error.description)")
    }
}

private func parseSize(_ text: String?, _ flag: String) throws -> Int64? {
    guard let text else { return nil }
    do {
        return try ByteCountParser.parse(text)
    } catch {
        throw ValidationError("\(flag): \(error.description)")
    }
}
