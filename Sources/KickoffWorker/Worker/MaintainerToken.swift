import Foundation
import Glibc
import KickoffModel

/// The maintainer lease's token: `<worker name>#<unique>@<host>/<pid>`. Unique per process start
/// (a restarted worker with the same name is another candidate); its end names the process, so that
/// a pool that reaps a dead worker can free the lease that worker held (`DeadMaintainerRelease`)
/// whatever the worker was named.
enum MaintainerToken {
    static func make(worker: String, host: String = ProcessInfo.processInfo.hostName, pid: pid_t = getpid()) -> String {
        worker + "#" + RunID.make() + suffix(host: host, pid: pid)
    }

    /// What every token of process `pid` on `host` ends with.
    static func suffix(host: String, pid: pid_t) -> String {
        "@\(host)/\(pid)"
    }
}
