import ArgumentParser
import Foundation
import KickoffTelemetry
import KickoffWorker
import Logging

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one worker: claim runs from Redis one at a time and run their steps."
    )

    @OptionGroup var shared: SharedOptions
    @OptionGroup var worker: WorkerArguments
    @OptionGroup var retention: RetentionArguments
    @OptionGroup var scheduler: SchedulerArguments
    @OptionGroup var metricsOptions: MetricsOptions

    func run() throws {
        let settings = try shared.settingsWithLogging { overrides in
            retention.apply(to: &overrides)
            scheduler.apply(to: &overrides)
        }
        prepareLongRunningProcess("worker", Logger(label: "kickoff.worker"))
        let options = try worker.options(environment: ProcessInfo.processInfo.environment)
        let metrics = WorkerMetrics()
        if let endpoint = try metricsOptions.endpoint(environment: ProcessInfo.processInfo.environment) {
            let registry = metrics.registry
            MetricsOptions.serve(endpoint, logger: Logger(label: "kickoff.worker.metrics")) { PrometheusText.render(registry.snapshot()) }
        }
        let status = try runWorker(options: options, settings: settings, metrics: metrics)
        if status != 0 {
            throw ExitCode(status)
        }
    }
}
