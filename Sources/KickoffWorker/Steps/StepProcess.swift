import Dispatch
import Glibc
import Synchronization

/// One spawned step: its pid (which is also its process group id), the stop sequence, and the wait.
///
/// Why signalling the group is safe: the group id is the leader's pid, and it cannot be recycled while
/// the leader is not reaped. So the wait first uses `waitid(…, WNOWAIT)`, which leaves the exited leader
/// as a zombie; then, under the lock, it marks the leader as reaped and SIGKILLs the group (background
/// children die with the step); only then does `waitpid` reap it. A timer or cancel that comes later
/// sees the mark and sends nothing. A grandchild that left the group (setsid, setpgid) escapes all of
/// this; only a cgroup would catch it.
final class StepProcess: Sendable {
    enum StopReason: Sendable {
        case timedOut
        case canceled
    }

    private struct State {
        var leaderReaped = false
        var stopReason: StopReason?
        var pendingTimers: [DispatchWorkItem] = []
    }

    let pid: pid_t
    private let program: String
    private let killGrace: Duration
    private let state = Mutex(State())

    /// Timers only send signals: one serial queue serves every step of the process.
    private static let timerQueue = DispatchQueue(label: "kickoff.step-timers")

    init(pid: pid_t, program: String, killGrace: Duration) {
        self.pid = pid
        self.program = program
        self.killGrace = killGrace
    }

    func stop(after timeout: Duration) {
        schedule(after: timeout) { [weak self] in self?.stop(.timedOut) }
    }

    /// SIGTERM to the group now and SIGKILL after the grace. Only the first stop counts.
    func stop(_ reason: StopReason) {
        let started = state.withLock { state -> Bool in
            guard !state.leaderReaped, state.stopReason == nil else { return false }
            state.stopReason = reason
            _ = kill(-pid, SIGTERM)
            return true
        }
        if started {
            schedule(after: killGrace) { [weak self] in self?.killGroup() }
        }
    }

    /// Blocks until the main process has ended and is reaped.
    func waitForExit() throws(StepProcessError) -> (status: StepExitStatus, stopReason: StopReason?) {
        var info = siginfo_t()
        var waitError: Int32 = 0
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 {
            guard errno == EINTR else {
                waitError = errno
                break
            }
        }
        let stopReason = state.withLock { state -> StopReason? in
            state.leaderReaped = true
            state.pendingTimers.forEach { $0.cancel() }
            state.pendingTimers = []
            if waitError == 0 {
                _ = kill(-pid, SIGKILL)  // the leader is still a zombie, so the group id is still ours
            }
            return state.stopReason
        }
        guard waitError == 0 else {
            throw .waitFailed(program: program, reason: "waitid: \(errnoText(waitError))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else {
                throw .waitFailed(program: program, reason: "waitpid: \(errnoText(errno))")
            }
        }
        return (StepExitStatus(waitStatus: status), stopReason)
    }

    private func killGroup() {
        state.withLock { state in
            if !state.leaderReaped {
                _ = kill(-pid, SIGKILL)
            }
        }
    }

    private func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) {
        guard let interval = delay.dispatchInterval else { return }  // "never"
        state.withLock { state in
            guard !state.leaderReaped else { return }
            // Made and scheduled under the lock: the work item stays in the state it belongs to.
            let timer = DispatchWorkItem(block: action)
            state.pendingTimers.append(timer)
            Self.timerQueue.asyncAfter(deadline: .now() + interval, execute: timer)
        }
    }
}
