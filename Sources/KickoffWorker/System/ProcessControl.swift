import CSystemShims
import Glibc

/// Per-process settings of Linux's `prctl`, which Swift cannot call itself (it is variadic).
public enum ProcessControl {
    /// Makes this process the "subreaper" of its descendants: an orphaned grandchild is reparented to
    /// it rather than to PID 1, so a `waitpid(-1, …)` loop here reaps it. Without this, in a container
    /// whose PID 1 does not reap (or when this process *is* PID 1's only child), killed steps'
    /// background children pile up as zombies. Idempotent.
    public static func becomeChildSubreaper() throws(ProcessControlError) {
        let result = kickoff_set_child_subreaper(1)
        guard result == 0 else { throw ProcessControlError(call: "prctl(PR_SET_CHILD_SUBREAPER)", code: result) }
    }

    /// Asks the kernel to send `signal` to this process when the thread that created it exits
    /// (0 clears it). It follows the creating *thread*, not the parent process, and is lost on a
    /// set-user-ID exec; `posix_spawn` cannot set it for a child, so a child must set it on itself and
    /// then check `getppid()` in case the parent died before that.
    public static func setParentDeathSignal(_ signal: Int32) throws(ProcessControlError) {
        let result = kickoff_set_parent_death_signal(signal)
        guard result == 0 else { throw ProcessControlError(call: "prctl(PR_SET_PDEATHSIG, \(signal))", code: result) }
    }

    /// Makes this process's environment and memory unreadable to other processes of the same user
    /// (`PR_SET_DUMPABLE` 0): a step, which runs as the worker's user, cannot read the worker's (or the
    /// pool's, or the front's) Redis password from /proc/PID/environ. Children get the default back on
    /// exec. The price: no core dumps of Kickoff's own processes.
    public static func hideFromSameUserProcesses() throws(ProcessControlError) {
        let result = kickoff_set_dumpable(0)
        guard result == 0 else { throw ProcessControlError(call: "prctl(PR_SET_DUMPABLE, 0)", code: result) }
    }
}
