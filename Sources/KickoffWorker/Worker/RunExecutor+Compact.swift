import KickoffModel
import KickoffStore
import Logging

extension RunExecutor {
    /// After a run's end by `fail_attempt`: its packed record stored deflated (`WorkerQueue.compact`,
    /// about 2.3 times less Redis memory; `finish` does it itself). Best effort: a run left plain
    /// reads the same, only larger.
    func compacted(_ claimed: ClaimedRun, _ ending: Ending, logger: Logger) -> Ending {
        guard [.succeeded, .failed, .canceled].contains(ending) else { return ending }
        do {
            try queue.compact(runID: claimed.record.id)
        } catch {
            logger.debug("the finished run stays uncompressed", metadata: ["error": "\(error)"])
        }
        return ending
    }
}
