import Foundation
import Glibc
import KickoffStore
public import Logging
public import RedisClient
import Synchronization

/// The pool's part in maintainer elections: when it reaps a worker, it frees the maintainer lease if
/// that worker held it (`releaseMaintainer(ofDeadProcess:)`, compare and delete), so that the next
/// presence call of any worker elects a successor at once. Without it, a SIGKILLed maintainer left
/// the fleet without maintenance until its lease ran out and someone's presence call came: expired
/// leases of dead workers waited seconds longer to be reclaimed (scripts/chaos, p99 recovery).
///
/// The reaper only hands the pid over (`workerExited`); the Redis call runs on a thread of its own,
/// so a slow or absent Redis never holds up reaping. A failed call is only logged: the lease runs
/// out as before.
public final class DeadMaintainerRelease: Sendable {
    private let redis: RedisConfiguration
    private let operations: QueueOperations
    private let host: String
    private let logger: Logger
    private let pending = Mutex<[pid_t]>([])
    private let arrivals = Wakeup()

    /// - Parameter host: the workers' host name as their tokens give it (nil: this machine's).
    public init(redis: RedisConfiguration, namespace: String, host: String? = nil, logger: Logger) {
        self.redis = redis
        self.operations = QueueOperations(keys: StoreKeys(namespace: namespace))
        self.host = host ?? ProcessInfo.processInfo.hostName
        self.logger = logger
    }

    /// Starts the thread that makes the Redis calls; it lives as long as the process (the pool's).
    public func start() {
        DedicatedThread.start("kickoff.pool.maintainer-release") { [self] in loop() }
    }

    /// A worker of the pool has been reaped. Safe from any thread; never blocks on Redis.
    public func workerExited(_ pid: Int32) {
        pending.withLock { $0.append(pid) }
        arrivals.signal()
    }

    private func loop() {
        let queue = WorkerQueue(connection: BlockingRedisConnection(configuration: redis), operations: operations)
        var seen: UInt64 = 0
        while true {
            seen = arrivals.wait(afterSignals: seen, until: nil)
            let pids = pending.withLock { pids in
                defer { pids = [] }
                return pids
            }
            for pid in pids {
                do {
                    if try queue.releaseMaintainer(ofDeadProcess: MaintainerToken.suffix(host: host, pid: pid)) {
                        logger.notice("freed the maintainer lease of a dead worker; another takes over at its next presence call",
                                      metadata: ["pid": "\(pid)"])
                    }
                } catch {
                    logger.warning("could not free a dead worker's maintainer lease; it runs out instead",
                                   metadata: ["pid": "\(pid)", "error": "\(error)"])
                }
            }
        }
    }
}
