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
        // The worker may block or ignore signals (SIGPIPE, SIGTERM on a signal thread); steps start clean,
        // in a process group of their own.
        let (result, pid) = try PosixSpawn.spawn(path: executablePath, argv: argv, environment: environment, spawnFlags: POSIX_SPAWN_SETPGROUP,
                                                 closingFrom: 3, failure: failure) { (attributes, actions) throws(StepProcessError) in
            try check(posix_spawnattr_setpgroup(&attributes, 0), "posix_spawnattr_setpgroup")  // 0: pgid = pid
            // The log descriptor is O_CLOEXEC in the worker; dup2 gives the copies on 1 and 2 no such flag.
            try check(posix_spawn_file_actions_adddup2(&actions, logDescriptor, 1), "adddup2 stdout")
            try check(posix_spawn_file_actions_adddup2(&actions, logDescriptor, 2), "adddup2 stderr")
            let chdir = GlibcSpawnExtensions.addChdir(&actions, workingDirectory)
            guard chdir != ENOSYS else {
                throw .spawnFailed(program: program, reason: "this C library lacks posix_spawn_file_actions_addchdir_np")
            }
            try check(chdir, "posix_spawn_file_actions_addchdir_np")
        }
        guard result == 0 else {
            // glibc reports the child's failed chdir or exec here too: ENOENT, EACCES, ENOEXEC …
            throw .spawnFailed(program: program, reason: "\(quoted(executablePath)): \(errnoText(result))")
        }
        return pid
    }

    private func failure(_ errorNumber: Int32, _ call: String) -> StepProcessError {
        .spawnFailed(program: program, reason: "\(call): \(errnoText(errorNumber))")
    }

    private func check(_ result: Int32, _ call: String) throws(StepProcessError) {
        guard result == 0 else { throw failure(result, call) }
    }
}
