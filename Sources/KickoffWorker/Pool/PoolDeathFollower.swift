import Glibc
import KickoffModel
import Logging

/// A pool's worker follows its pool: when the pool dies (SIGKILL, the OOM killer), the kernel sends
/// the worker SIGTERM (`PR_SET_PDEATHSIG`), so it drains and exits instead of running on as an orphan
/// beside the workers of the pool that replaces it.
enum PoolDeathFollower {
    /// Call once the worker handles SIGTERM. `drain`: what to do when the pool is already gone.
    static func follow(environment: [String: String], logger: Logger, drain: () -> Void) {
        guard let pool = environment[EnvironmentVariable.poolPID].flatMap({ pid_t($0) }), pool > 1 else { return }
        do {
            try ProcessControl.setParentDeathSignal(SIGTERM)
        } catch {
            logger.warning("this worker will outlive its pool if the pool is killed", metadata: ["error": "\(error)"])
            return
        }
        // The pool may have died before the death signal was set: then no signal will come.
        if getppid() != pool {
            logger.warning("the pool that started this worker is gone: draining")
            drain()
        }
    }
}
