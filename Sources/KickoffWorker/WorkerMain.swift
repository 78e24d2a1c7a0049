import Dispatch
import Foundation
public import KickoffModel
import KickoffStore
import Logging

/// `kickoff worker`: claims runs from Redis one at a time and runs their steps until SIGTERM or
/// SIGINT, then drains (see `Worker.drain()`) and returns the process's exit status.
/// Everything it does is counted in `metrics`; in a pool, these are sent to the pool (`MetricsReporter`).
public func runWorker(options: WorkerOptions, settings: Settings, metrics: WorkerMetrics = WorkerMetrics()) throws -> Int32 {
    let logger = Logger(label: "kickoff.worker")
    // Owner-only files: the run directories, the step logs, and (steps inherit the umask) whatever the
    // steps write, their outputs and artifacts included. Other local users may not read a run's data.
    _ = umask(0o077)
    do {
        try ProcessControl.hideFromSameUserProcesses()
    } catch {
        logger.warning("steps may be able to read this worker's environment", metadata: ["error": "\(error)"])
    }
    do {
        // A step's daemons (setsid) become this worker's children when their parents exit: killed when the step ends.
        try StepDescendants.adoptOrphans()
    } catch {
        logger.warning("processes a step leaves behind outside its process group will outlive it", metadata: ["error": "\(error)"])
    }
    let pipelines: PipelineFile
    do {
        pipelines = try PipelineFileLoader.load(path: settings.pipelines)
    } catch {
        for line in error.lines { logger.error("\(line)") }
        return 1
    }
    var configuration = WorkerConfiguration(
        redis: metrics.redis.observing(try settings.redisConfiguration()), namespace: settings.namespace, pipelines: pipelines,
        name: options.name ?? WorkerConfiguration.defaultName(), lease: options.lease, heartbeat: options.heartbeat,
        killGrace: options.killGrace, drainGrace: options.drainGrace, dataDirectory: options.dataDirectory,
        logCap: Int(clamping: options.logCap), retention: settings.runRetention,
        logRetention: settings.logRetention, deadLetterRetention: settings.deadLetterRetention,
        scheduler: settings.scheduler, metrics: metrics, queues: options.queues
    )
    configuration.partitions = settings.partitions
    if let text = ProcessInfo.processInfo.environment[EnvironmentVariable.idleWait] {
        guard let wait = try? DurationParser.parse(text), wait > .zero else {
            logger.error("\(EnvironmentVariable.idleWait)=\(text): expected a duration such as 30s or 10m")
            return 1
        }
        configuration.idleWait = wait
    }
    configuration.artifactStore = options.artifactStore
    configuration.artifactSweepInterval = options.artifactSweepInterval
    configuration.sweepsArtifacts = (options.poolSlot ?? 0) == 0
    // The command's main thread, not a Swift concurrency one: it may block on hiredis.
    guard RedisPermissionCheck.passes(redis: configuration.redis, namespace: settings.namespace, logger: logger) else { return 1 }
    StepLogPump.configure(capBytes: configuration.logCap)
    let webhookSettings: WebhookSettings
    do {
        webhookSettings = try WebhookSettings(secret: settings.webhookSecret, environment: ProcessInfo.processInfo.environment)
    } catch {
        logger.error("\(error)")
        return 1
    }
    let worker = Worker(configuration: configuration, logger: logger)
    let reporter = MetricsReporter.start(registry: metrics.registry, environment: ProcessInfo.processInfo.environment)
    let webhooks = WebhookDeliveryService.start(
        WebhookDelivererConfiguration(redis: configuration.redis, operations: configuration.operations, settings: webhookSettings,
                                      metrics: metrics, fleet: configuration.fleet),
        logger: Logger(label: "kickoff.webhooks")
    )
    let scheduler = SchedulerService.start(configuration, logger: Logger(label: "kickoff.scheduler"))
    let signals = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
            // A draining worker stops leading at once, so another process takes the schedules over.
            scheduler?.stop()
            worker.drain()
            webhooks.drain(grace: configuration.drainGrace)
        }
        source.resume()
        return source
    }
    PoolDeathFollower.follow(environment: ProcessInfo.processInfo.environment, logger: logger) {
        scheduler?.stop()
        worker.drain()
        webhooks.drain(grace: configuration.drainGrace)
    }
    // The claim loop blocks in hiredis calls: it gets a thread of its own, not the caller's task.
    DedicatedThread.start("kickoff-worker") { worker.run() }.join()
    webhooks.waitUntilStopped()
    scheduler?.stopAndWait()
    reporter?.stop()  // the last counts reach the pool before this process ends
    signals.forEach { $0.cancel() }
    return 0
}
