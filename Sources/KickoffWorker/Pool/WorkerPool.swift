import Dispatch
import Foundation
import Glibc
import KickoffTelemetry
public import Logging
import Synchronization

/// `kickoff pool`: runs `workers` copies of a command (normally `kickoff worker …`) as child
/// processes, restarts each one that dies with a per-slot backoff, and on `drain()` (SIGTERM, SIGINT)
/// stops restarting, sends SIGTERM to every worker, SIGKILLs those still alive after `drainTimeout`,
/// and returns from `run()` once all have exited.
///
/// Threads: `run()`'s caller is the supervisor (it starts, restarts and signals workers); a
/// `DedicatedThread` reaper blocks in `waitid` for any child; signal handlers only call `drain()`.
/// None of them is a Swift concurrency thread; they share `monitor`. The reaper waits for *every*
/// child of the process, so a pool must be the only thing in its process that starts children: it is
/// the whole of `kickoff pool`.
public final class WorkerPool: Sendable {
    public let command: [String]
    public let workers: Int
    public let drainTimeout: Duration
    private let environment: [String: String]
    let logger: Logger
    let monitor: PoolMonitor<PoolState>
    /// When set, each worker sends its metrics to the pool, which adds them up here.
    public let metrics: PoolMetrics?
    private let signalSources = Mutex<[any DispatchSourceSignal]>([])
    /// Told (on the reaper thread, which it must not hold up) the pid of each worker reaped.
    let onWorkerExit: (@Sendable (Int32) -> Void)?

    /// - Parameters:
    ///   - command: argv of every worker; `command[0]` is a path (it is not looked up in PATH).
    ///   - environment: the workers' environment, to which each gets `KICKOFF_POOL_SLOT=<slot>`.
    ///   - onWorkerExit: called with each reaped worker's pid (`DeadMaintainerRelease.workerExited`).
    public init(
        command: [String], workers: Int, drainTimeout: Duration, restartBackoff: RestartBackoff = RestartBackoff(),
        environment: [String: String], metrics: PoolMetrics? = nil, logger: Logger,
        onWorkerExit: (@Sendable (Int32) -> Void)? = nil
    ) throws(WorkerPoolError) {
        guard let program = command.first, !program.isEmpty else { throw .invalidConfiguration("the worker command is empty") }
        guard program.contains("/") else {
            throw .invalidConfiguration("the worker command \(quoted(program)) must be a path, not a name to look up")
        }
        guard !command.contains(where: { $0.utf8.contains(0) }) else {
            throw .invalidConfiguration("the worker command contains a NUL byte")
        }
        guard workers > 0 else { throw .invalidConfiguration("--workers must be at least 1, got \(workers)") }
        guard drainTimeout >= .zero else { throw .invalidConfiguration("the drain timeout must not be negative") }
        self.command = command
        self.workers = workers
        self.drainTimeout = drainTimeout
        self.environment = environment
        self.logger = logger
        self.metrics = metrics
        self.onWorkerExit = onWorkerExit
        self.monitor = PoolMonitor(PoolState(workers: workers, backoff: restartBackoff, now: .now))
    }

    /// Runs the pool until it has drained. Blocks the calling thread; call it once.
    public func run() throws(WorkerPoolError) {
        let first = monitor.update { state in
            defer { state.started = true }
            return !state.started
        }
        guard first else { throw .invalidConfiguration("run() was called twice") }
        do {
            // Orphaned grandchildren (a killed step's background processes) come to us, and the reaper
            // reaps them, instead of staying zombies under a PID 1 that does not reap.
            try ProcessControl.becomeChildSubreaper()
        } catch {
            logger.warning("cannot become the subreaper of the workers' children; orphans go to PID 1", metadata: ["error": "\(error)"])
        }
        logger.info("pool starting", metadata: [
            "workers": "\(workers)", "drain_timeout": "\(drainTimeout.logText)",
            "command": .array(command.map { .string($0) }),
        ])
        DedicatedThread.start("kickoff.pool.reaper") { [self] in reap() }
        supervise()
    }

    /// Starts draining; a second call hurries it (SIGKILL now). Safe from any thread.
    public func drain() {
        monitor.update { $0.drainRequests += 1 }
    }

    /// SIGTERM and SIGINT call `drain()` from now on (instead of ending the process).
    public func drainOnTerminationSignals() {
        let queue = DispatchQueue(label: "kickoff.pool.signals")
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)  // the dispatch source sees it; the default action must not run
            signalSources.withLock { sources in
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
                source.setEventHandler { [weak self] in
                    self?.logger.info("received \(signalNumber == SIGTERM ? "SIGTERM" : "SIGINT")")
                    self?.drain()
                }
                source.resume()
                sources.append(source)  // kept for the life of the pool
            }
        }
    }

    /// One worker, with its metrics channel when the pool collects metrics.
    private static func spawn(_ spawner: WorkerProcessSpawn, slot: Int, metrics: PoolMetrics?) throws(WorkerPoolError) -> pid_t {
        guard let metrics else { return try spawner.spawn(slot: slot) }
        let channel = try PoolMetrics.makeChannel()
        let pid: pid_t
        do {
            pid = try spawner.spawn(slot: slot, metricsChannel: channel.worker)
        } catch {
            close(channel.worker)
            close(channel.pool)
            throw error
        }
        close(channel.worker)  // the worker has its copy; EOF on ours once it is gone
        metrics.collect(from: channel.pool)
        return pid
    }

    /// The supervisor loop: start and restart workers when due, act on exits and drain requests.
    private func supervise() {
        let spawner = WorkerProcessSpawn(command: command, environment: environment)
        let metrics = self.metrics
        var nextWake: ContinuousClock.Instant? = .now  // the first pass starts the workers at once
        while true {
            let (events, wake, finished, live) = monitor.wait(while: { !$0.hasPendingWork }, until: nextWake) { state in
                let (events, wake) = state.advance(
                    now: .now,
                    drainTimeout: drainTimeout,
                    spawn: { (slot) throws(WorkerPoolError) in try Self.spawn(spawner, slot: slot, metrics: metrics) },
                    signal: { pid, signal in _ = kill(pid, signal) }
                )
                return (events, wake, state.finished, state.liveWorkers)
            }
            events.forEach(log)
            if let metrics {
                events.forEach(metrics.record)
                metrics.workers.set(Double(live))
            }
            if finished { return }
            nextWake = wake
        }
    }
}
