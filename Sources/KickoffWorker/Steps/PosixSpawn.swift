import CSystemShims
import Glibc

/// What both of Kickoff's `posix_spawn` calls share (steps in `ChildSpawn`, pool workers in
/// `WorkerProcessSpawn`): the attribute and file-action objects, every signal unblocked and at its
/// default (`SpawnSignals`), stdin from /dev/null, then the caller's own attributes and file actions,
/// then every descriptor from `firstClosed` up closed, and argv and the environment as C strings.
/// `failure` words a failing call's error number as the caller's error; what `posix_spawn` itself
/// answers is returned for the caller to word.
enum PosixSpawn {
    static func spawn<Failure: Error>(
        path: String, argv: [String], environment: [String: String], spawnFlags: Int32 = 0, closingFrom firstClosed: Int32,
        failure: (_ errorNumber: Int32, _ call: String) -> Failure,
        configure: (inout posix_spawnattr_t, inout posix_spawn_file_actions_t) throws(Failure) -> Void
    ) throws(Failure) -> (result: Int32, pid: pid_t) {
        // The posix_spawn family returns an error number instead of setting errno.
        func check(_ result: Int32, _ call: String) throws(Failure) {
            guard result == 0 else { throw failure(result, call) }
        }
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        try check(posix_spawnattr_init(&attributes), "posix_spawnattr_init")
        defer { posix_spawnattr_destroy(&attributes) }
        try check(posix_spawn_file_actions_init(&actions), "posix_spawn_file_actions_init")
        defer { posix_spawn_file_actions_destroy(&actions) }

        try SpawnSignals.reset(&attributes, extraFlags: spawnFlags, check: check)
        // File actions run in order in the child.
        try check(posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "addopen /dev/null")
        try configure(&attributes, &actions)
        let closeFrom = GlibcSpawnExtensions.addCloseFrom(&actions, firstClosed)
        if closeFrom != ENOSYS {  // an older C library: then only O_CLOEXEC keeps descriptors out
            try check(closeFrom, "posix_spawn_file_actions_addclosefrom_np")
        }

        var pid: pid_t = 0
        let environmentStrings = environment.map { "\($0.key)=\($0.value)" }.sorted()
        let result = try withCStringArray(argv, failure: failure) { (argvPointers) throws(Failure) in
            try withCStringArray(environmentStrings, failure: failure) { (envPointers) throws(Failure) in
                posix_spawn(&pid, path, &actions, &attributes, argvPointers, envPointers)
            }
        }
        return (result, pid)
    }

    /// A NULL-terminated array of C strings, valid during `body`.
    private static func withCStringArray<Result, Failure: Error>(
        _ strings: [String], failure: (Int32, String) -> Failure, _ body: ([UnsafeMutablePointer<CChar>?]) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        guard !pointers.contains(where: { $0 == nil }) else { throw failure(ENOMEM, "strdup") }
        pointers.append(nil)
        return try body(pointers)
    }
}
