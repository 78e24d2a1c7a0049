import CSystemShims
import Glibc

/// The signal set-up every child of Kickoff gets (steps and pool workers): every signal unblocked and
/// at its default disposition. The parent may block or ignore some (Dispatch threads block SIGTERM,
/// the pool ignores it), and a child must still stop when asked.
enum SpawnSignals {
    /// Sets `POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF` plus `extraFlags`; `check` turns a
    /// failing call's error number into the caller's own error.
    static func reset<Failure: Error>(
        _ attributes: inout posix_spawnattr_t, extraFlags: Int32 = 0,
        check: (Int32, String) throws(Failure) -> Void
    ) throws(Failure) {
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        let flags = extraFlags | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        try check(posix_spawnattr_setflags(&attributes, Int16(flags)), "posix_spawnattr_setflags")
        try check(posix_spawnattr_setsigmask(&attributes, &noSignals), "posix_spawnattr_setsigmask")
        try check(posix_spawnattr_setsigdefault(&attributes, &allSignals), "posix_spawnattr_setsigdefault")
    }
}
