import KickoffWorker
import Logging

/// For the long-running commands (serve, worker, pool, dev), first thing: the open-file limit raised
/// to the hard limit, and a loud warning when running as root. Returns the open-file limit in force
/// (nil when unknown).
@discardableResult
func prepareLongRunningProcess(_ command: String, _ logger: Logger) -> Int? {
    if ProcessLimits.runsAsRoot { logger.warning("\(ProcessLimits.rootWarning(command))") }
    let limit = ProcessLimits.raiseOpenFileLimit()
    logger.debug("open-file limit", metadata: ["nofile": "\(limit.map(String.init) ?? "unknown")"])
    return limit
}
