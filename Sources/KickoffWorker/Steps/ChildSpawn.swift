import CSystemShims
import Glibc

/// The `posix_spawn` call: a child in its own process group, in its working directory, with exactly the
/// given environment, stdin from /dev/null, stdout and stderr on one log descriptor, every signal
/// unblocked and at its default disposition, and no other descriptor of the worker.
struct ChildSpawn {
    var program: String
    /// Absolute path of the file to execute.
    var executablePath: String
    var argv: [String]
    var environment: [String: String]
    /// Absolute.
    var workingDirectory: String
    /// Becomes the child's stdout and stderr; at least 3, so that setting up 0...2 cannot clobber it.
    var logDescriptor: Int32

    /// Returns the pid of the child, which is also its process group id.
    func spawn() throws(StepProcessError) -> pid_t {
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        try check(posix_spawnattr_init(&attributes), "posix_spawnattr_init")
        defer { posix_spawnattr_destroy(&attributes) }
        try check(posix_spawn_file_actions_init(&actions), "posix_spawn_file_actions_init")
        defer { posix_spawn_file_actions_destroy(&actions) }

        // The worker may block or ignore signals (SIGPIPE, SIGTERM on a signal thread); steps start clean,
        // in a process group of their own.
        try SpawnSignals.reset(&attributes, extraFlags: POSIX_SPAWN_SETPGROUP, check: check)
        try check(posix_spawnattr_setpgroup(&attributes, 0), "posix_spawnattr_setpgroup")  // 0: pgid = pid

        // File actions run in order in the child. The log descriptor is O_CLOEXEC in the worker;
        // dup2 gives the copies on 1 and 2 no such flag.
        try check(posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "addopen /dev/null")
        try check(posix_spawn_file_actions_adddup2(&actions, logDescriptor, 1), "adddup2 stdout")
        try check(posix_spawn_file_actions_adddup2(&actions, logDescriptor, 2), "adddup2 stderr")
        let closeFrom = GlibcSpawnExtensions.addCloseFrom(&actions, 3)
        if closeFrom != ENOSYS {  // an older C library: then only O_CLOEXEC keeps descriptors out
            try check(closeFrom, "posix_spawn_file_actions_addclosefrom_np")
        }
        let chdir = GlibcSpawnExtensions.addChdir(&actions, workingDirectory)
        guard chdir != ENOSYS else {
            throw .spawnFailed(program: program, reason: "this C library lacks posix_spawn_file_actions_addchdir_np")
        }
        try check(chdir, "posix_spawn_file_actions_addchdir_np")

        var pid: pid_t = 0
        let environmentStrings = environment.map { "\($0.key)=\($0.value)" }.sorted()
        let result = try withCStringArray(argv) { (argvPointers) throws(StepProcessError) in
            try withCStringArray(environmentStrings) { envPointers in
                posix_spawn(&pid, executablePath, &actions, &attributes, argvPointers, envPointers)
            }
        }
        guard result == 0 else {
            // glibc reports the child's failed chdir or exec here too: ENOENT, EACCES, ENOEXEC …
            throw .spawnFailed(program: program, reason: "\(quoted(executablePath)): \(errnoText(result))")
        }
        return pid
    }

    /// The posix_spawn family returns an error number instead of setting errno.
    private func check(_ result: Int32, _ call: String) throws(StepProcessError) {
        guard result == 0 else {
            throw .spawnFailed(program: program, reason: "\(call): \(errnoText(result))")
        }
    }

    /// A NULL-terminated array of C strings, valid during `body`.
    private func withCStringArray<Result>(
        _ strings: [String],
        _ body: ([UnsafeMutablePointer<CChar>?]) throws(StepProcessError) -> Result
    ) throws(StepProcessError) -> Result {
        var pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        guard !pointers.contains(where: { $0 == nil }) else {
            throw .spawnFailed(program: program, reason: "strdup: \(errnoText(ENOMEM))")
        }
        pointers.append(nil)
        return try body(pointers)
    }
}
