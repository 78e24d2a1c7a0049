import CSystemShims
import Glibc
import KickoffModel

/// Starts one pool child with `posix_spawn`: the command with the pool's environment plus
/// `KICKOFF_POOL_SLOT`, stdin from /dev/null, stdout and stderr shared with the pool, in the pool's
/// process group (so a terminal's Ctrl-C reaches the workers too), every signal unblocked and at its
/// default disposition (the pool itself ignores SIGTERM and SIGINT), no other descriptor of the pool.
///
/// `PR_SET_PDEATHSIG` (SIGTERM to the worker if the pool dies) cannot be set through `posix_spawn`, so
/// the pool does not set it. A worker may set it on itself (`ProcessControl.setParentDeathSignal`, then
/// compare `getppid()` with the pool's pid): it follows the spawning *thread*, and the pool spawns
/// only from the thread that called `WorkerPool.run()`, which lives as long as the pool.
struct WorkerProcessSpawn {
    /// argv; `command[0]` is the path of the program (not looked up in PATH).
    var command: [String]
    var environment: [String: String]

    /// `metricsChannel`: a descriptor the child gets as 3, named to it by `KICKOFF_METRICS_FD`.
    func spawn(slot: Int?, metricsChannel: Int32? = nil) throws(WorkerPoolError) -> pid_t {
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        try check(posix_spawnattr_init(&attributes), "posix_spawnattr_init")
        defer { posix_spawnattr_destroy(&attributes) }
        try check(posix_spawn_file_actions_init(&actions), "posix_spawn_file_actions_init")
        defer { posix_spawn_file_actions_destroy(&actions) }

        try SpawnSignals.reset(&attributes, check: check)

        try check(posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "addopen /dev/null")
        if let metricsChannel {  // never 3 itself (PoolMetrics.makeChannel), so dup2 clears close-on-exec
            try check(posix_spawn_file_actions_adddup2(&actions, metricsChannel, 3), "adddup2 metrics channel")
        }
        let closeFrom = kickoff_posix_spawn_file_actions_addclosefrom_np(&actions, metricsChannel == nil ? 3 : 4)
        if closeFrom != ENOSYS {  // an older C library: then only O_CLOEXEC keeps descriptors out
            try check(closeFrom, "posix_spawn_file_actions_addclosefrom_np")
        }

        var childEnvironment = environment
        if let slot { childEnvironment[EnvironmentVariable.poolSlot] = String(slot) }
        if metricsChannel != nil { childEnvironment[MetricsReporter.descriptorVariable] = "3" }
        let environmentStrings = childEnvironment.map { "\($0.key)=\($0.value)" }.sorted()
        var pid: pid_t = 0
        let result = try withCStringArray(command) { (argv) throws(WorkerPoolError) in
            try withCStringArray(environmentStrings) { envp in
                posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else {
            throw .system(call: "posix_spawn \(quoted(command[0]))", reason: errnoText(result))
        }
        return pid
    }

    /// The posix_spawn family returns an error number instead of setting errno.
    private func check(_ result: Int32, _ call: String) throws(WorkerPoolError) {
        guard result == 0 else { throw .system(call: call, reason: errnoText(result)) }
    }

    /// A NULL-terminated array of C strings, valid during `body`.
    private func withCStringArray<Result>(
        _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) throws(WorkerPoolError) -> Result
    ) throws(WorkerPoolError) -> Result {
        var pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        guard !pointers.contains(where: { $0 == nil }) else { throw .system(call: "strdup", reason: errnoText(ENOMEM)) }
        pointers.append(nil)
        return try body(pointers)
    }
}
