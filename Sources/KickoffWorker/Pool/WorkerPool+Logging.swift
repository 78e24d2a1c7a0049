import Logging

extension WorkerPool {
    func log(_ event: PoolEvent) {
        switch event {
        case .started(let slot, let pid):
            logger.info("worker started", metadata: ["slot": "\(slot)", "pid": "\(pid)"])
        case .exited(let slot, let pid, let status, let lifetime):
            logger.notice("worker exited", metadata: [
                "slot": "\(slot)", "pid": "\(pid)", "status": "\(status?.logText ?? "unknown")",
                "lifetime": "\(lifetime.logText)",
            ])
        case .restartScheduled(let slot, let delay):
            logger.info("restarting worker", metadata: ["slot": "\(slot)", "delay": "\(delay.logText)"])
        case .startFailed(let slot, let error, let retryIn):
            logger.error("cannot start worker", metadata: ["slot": "\(slot)", "error": "\(error)", "retry_in": "\(retryIn.logText)"])
        case .drainStarted(let workers, let timeout):
            logger.notice("draining: SIGTERM sent to every worker", metadata: ["workers": "\(workers)", "timeout": "\(timeout.logText)"])
        case .drainHurried:
            logger.warning("asked again to stop: killing the workers now")
        case .killed(let pids):
            logger.warning("SIGKILL sent to workers still alive", metadata: ["pids": "\(pids.map(String.init).joined(separator: ","))"])
        case .finished:
            logger.notice("all workers exited; pool stopped")
        }
    }
}

extension Duration {
    /// `250ms`, `12.5s`: short enough for a log line.
    var logText: String {
        let milliseconds = components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
        return milliseconds < 1_000 ? "\(milliseconds)ms" : "\(Double(milliseconds) / 1_000)s"
    }
}
