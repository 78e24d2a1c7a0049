import ArgumentParser
import Foundation
import KickoffModel
import KickoffStore
import KickoffTelemetry
import KickoffWorker
import Logging

struct PoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool",
        abstract: "Supervise N worker processes: restart the dead ones, drain on SIGTERM.",
        discussion: """
            Each worker runs `kickoff worker` with the worker options given here and KICKOFF_POOL_SLOT set \
            to its slot (0..<N). On SIGTERM or SIGINT the pool stops restarting, sends SIGTERM to every \
            worker, SIGKILLs those still running after --drain-timeout, and exits 0. A second signal \
            kills them at once.
            """
    )

    @OptionGroup var shared: SharedOptions
    @OptionGroup var worker: WorkerArguments
    @OptionGroup var retention: RetentionArguments
    @OptionGroup var scheduler: SchedulerArguments
    @OptionGroup var metrics: MetricsOptions

    @Option(help: "How many worker processes to run (default: one per CPU).")
    var workers: Int?

    @Option(help: ArgumentHelp("How long workers get to finish after SIGTERM (default: kill grace + 15s).", valueName: "duration"))
    var drainTimeout: String?

    /// Tests run the pool with a stand-in worker: each occurrence is one argv element, the first a path.
    @Option(parsing: .unconditionalSingleValue, help: .hidden)
    var workerCommand: [String] = []

    func run() throws {
        let settings = try shared.settingsWithLogging { overrides in  // checked here, not in each worker
            retention.apply(to: &overrides)
            scheduler.apply(to: &overrides)
        }
        hideFromSameUserProcesses(Logger(label: "kickoff.pool"))
        prepareLongRunningProcess("pool", Logger(label: "kickoff.pool"))
        // Once here rather than in N restart loops (the main thread: it may block on hiredis).
        guard RedisPermissionCheck.passes(redis: try settings.redisConfiguration(), namespace: settings.namespace,
                                          logger: Logger(label: "kickoff.pool")) else { throw ExitCode.failure }
        var environment = ProcessInfo.processInfo.environment
        let metricsEndpoint = try metrics.endpoint(environment: environment)
        // The workers report to the pool; they must not try to serve the same port themselves.
        environment[EnvironmentVariable.metricsPort] = nil
        environment[EnvironmentVariable.metricsHost] = nil
        let options = try worker.options(environment: environment)  // checked once here, not in N restart loops
        // Past the worker's own drain grace and step kill grace, with room to hand the run back.
        let drainTimeout = try parseDuration(drainTimeout, "--drain-timeout") ?? options.drainGrace + options.killGrace + .seconds(5)
        let command = workerCommand.isEmpty
            ? [try CurrentExecutable.path(), "worker"] + shared.forwarded + worker.forwarded + retention.forwarded + scheduler.forwarded
            : workerCommand
        // A worker that dies holding the maintainer lease gives it up through the pool (#18: chaos
        // recovery). Not for a stand-in worker command (tests): it holds no lease.
        let maintainerRelease = workerCommand.isEmpty
            ? DeadMaintainerRelease(redis: try settings.redisConfiguration(), namespace: settings.namespace,
                                    logger: Logger(label: "kickoff.pool"))
            : nil
        maintainerRelease?.start()
        let onWorkerExit: (@Sendable (Int32) -> Void)? = maintainerRelease.map { release in { @Sendable pid in release.workerExited(pid) } }
        let pool = try WorkerPool(
            command: command,
            workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
            drainTimeout: drainTimeout,
            environment: shared.forwardedEnvironment(environment),
            metrics: metricsEndpoint == nil ? nil : PoolMetrics(),
            logger: Logger(label: "kickoff.pool"),
            onWorkerExit: onWorkerExit
        )
        if let metricsEndpoint, let poolMetrics = pool.metrics {
            MetricsOptions.serve(metricsEndpoint, logger: Logger(label: "kickoff.pool.metrics")) {
                PrometheusText.render(poolMetrics.snapshot())
            }
        }
        pool.drainOnTerminationSignals()
        try pool.run()
    }
}
