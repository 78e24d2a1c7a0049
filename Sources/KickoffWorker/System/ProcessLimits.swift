import CSystemShims
import Glibc

/// What a long-running Kickoff process checks about itself at start: its open-file limit, and whether
/// it runs as root.
public enum ProcessLimits {
    /// Raises the soft open-file limit to the hard one and returns the soft limit then in force (nil
    /// when it cannot be read). Every connection, Redis connection and step log is a descriptor: a
    /// soft limit of 1024 (a common default) is reached by a few hundred idle clients.
    public static func raiseOpenFileLimit() -> Int? {
        var soft: UInt64 = 0, hard: UInt64 = 0
        guard kickoff_raise_open_file_limit(&soft, &hard) == 0 else { return nil }
        return Int(clamping: soft)
    }

    /// True when the effective user is root.
    public static var runsAsRoot: Bool { geteuid() == 0 }

    /// What a process run as root says at start (a warning, every time).
    public static func rootWarning(_ command: String) -> String {
        "RUNNING AS ROOT: kickoff \(command) runs as root, so every step it starts runs as root too: a step can read the "
            + "environment of every Kickoff process on this machine (KICKOFF_REDIS_URL with its password, the webhook "
            + "secret) through /proc/*/environ, whatever PR_SET_DUMPABLE says, and other runs' files. Run Kickoff as a "
            + "user of its own (see README, Security)."
    }
}
