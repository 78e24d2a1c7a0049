import Glibc
import KickoffModel

/// Starts one pool child with `posix_spawn`: the command with the pool's environment plus
/// `KICKOFF_POOL_SLOT`, stdin from /dev/null, stdout and stderr shared with the pool, in the pool's
/// process group (so a terminal's Ctrl-C reaches the workers too), every signal unblocked and at its
/// default disposition (the pool itself ignores SIGTERM and SIGINT), no other descriptor of the pool.
///
/// `PR_SET_PDEATHSIG` (SIGTERM to the worker if the pool dies) cannot be set through `posix_spawn`:
/// each worker sets it on itself and compares `getppid()` with `KICKOFF_POOL_PID`, set here
/// (`PoolDeathFollower`). It follows the spawning *thread*, and the pool spawns only from the thread
/// that called `WorkerPool.run()`, which lives as long as the pool.
struct WorkerProcessSpawn {
    /// argv; `command[0]` is the path of the program (not looked up in PATH).
    var command: [String]
    var environment: [String: String]

    /// `metricsChannel`: a descriptor the child gets as 3, named to it by `KICKOFF_METRICS_FD`.
    func spawn(slot: Int?, metricsChannel: Int32? = nil) throws(WorkerPoolError) -> pid_t {
        var childEnvironment = environment
        if let slot {
            childEnvironment[EnvironmentVariable.poolSlot] = String(slot)
            childEnvironment[EnvironmentVariable.poolPID] = String(getpid())
        }
        if metricsChannel != nil { childEnvironment[MetricsReporter.descriptorVariable] = "3" }
        let failure = { (errorNumber: Int32, call: String) in WorkerPoolError.system(call: call, reason: errnoText(errorNumber)) }
        let (result, pid) = try PosixSpawn.spawn(path: command[0], argv: command, environment: childEnvironment,
                                                 closingFrom: metricsChannel == nil ? 3 : 4, failure: failure) { (_, actions) throws(WorkerPoolError) in
            if let metricsChannel {  // never 3 itself (PoolMetrics.makeChannel), so dup2 clears close-on-exec
                let added = posix_spawn_file_actions_adddup2(&actions, metricsChannel, 3)
                guard added == 0 else { throw failure(added, "adddup2 metrics channel") }
            }
        }
        guard result == 0 else {
            throw .system(call: "posix_spawn \(quoted(command[0]))", reason: errnoText(result))
        }
        return pid
    }
}
