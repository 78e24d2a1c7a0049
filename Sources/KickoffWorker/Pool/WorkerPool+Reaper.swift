import Glibc
import Logging

extension WorkerPool {
    /// The reaper thread: blocks in `waitid` until any child has exited, then reaps it under the lock
    /// and records it. `WNOWAIT` leaves the child a zombie until then, so its pid cannot be reused
    /// while the supervisor might still signal it.
    func reap() {
        while true {
            var info = siginfo_t()
            if waitid(P_ALL, 0, &info, WEXITED | WNOWAIT) == 0 {
                let pid = info._sifields._sigchld.si_pid
                let (orphanStatus, orphansKilled, wasWorker) = monitor.update { state -> (StepExitStatus?, Int, Bool) in
                    var status: Int32 = 0
                    // WNOHANG: if someone else reaped it meanwhile (glibc does after a failed exec), go on.
                    guard waitpid(pid, &status, WNOHANG) == pid else { return (nil, 0, false) }
                    let exit = StepExitStatus(waitStatus: status)
                    guard state.recordExit(pid: pid, status: exit, now: .now) else { return (exit, 0, false) }
                    // A worker exited: stop the steps it left running. Under the lock, so that no new
                    // worker (also our child) can be spawned meanwhile and taken for an orphan.
                    let orphans = OrphanedSteps.find(excluding: Set(state.slots.compactMap(\.pid)))
                    OrphanedSteps.kill(orphans)
                    return (nil, orphans.count, true)
                }
                if wasWorker { onWorkerExit?(pid) }
                if let orphanStatus {
                    logger.debug("reaped an orphaned descendant", metadata: ["pid": "\(pid)", "status": "\(orphanStatus.logText)"])
                }
                if orphansKilled > 0 {
                    logger.warning("killed the steps a dead worker left running", metadata: ["worker": "\(pid)", "processes": "\(orphansKilled)"])
                }
                continue
            }
            switch errno {
            case EINTR:
                continue
            case ECHILD:
                // No children at all: wait until a worker starts, or the pool is done.
                let done = monitor.wait(while: { $0.liveWorkers == 0 && !$0.finished }, until: nil) { state in
                    Self.forgetVanishedWorkers(&state)
                    return state.finished
                }
                if done { return }
            default:
                logger.critical("waitid failed; the pool can no longer see its workers exit", metadata: ["error": "\(errnoText(errno))"])
                return
            }
        }
    }

    /// Workers that are no longer our children although we never reaped them (only possible if
    /// something else in the process reaps): recorded as exited, so the pool neither spins nor hangs.
    private static func forgetVanishedWorkers(_ state: inout PoolState) {
        for pid in state.slots.compactMap(\.pid) {
            var info = siginfo_t()
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == -1, errno == ECHILD {
                _ = state.recordExit(pid: pid, status: nil, now: .now)
            }
        }
    }
}
