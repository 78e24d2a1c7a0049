import KickoffTestSupport
import Foundation
import Glibc
import KickoffWorker

/// Watching processes that a step started, from the test process.
enum ProcessProbe {
    /// Makes the test process the "subreaper" of everything below it, so that a step's orphaned
    /// grandchildren are reparented to it and can be reaped here. Needed because PID 1 on this machine
    /// does not reap orphans: a killed grandchild would stay a zombie, and `kill(pid, 0)` succeeds on
    /// a zombie. Idempotent.
    static func adoptOrphans() throws {
        try ProcessControl.becomeChildSubreaper()
    }

    /// Polls until `pid` no longer exists (`kill(pid, 0)` fails with ESRCH), reaping it if it has become
    /// our child. False if it is still there at the deadline.
    static func waitUntilGone(_ pid: pid_t, within timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
            if kill(pid, 0) == -1, errno == ESRCH {
                return true
            }
            if ContinuousClock.now >= deadline {
                return false
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Polls until the file holds a pid (a step writes it with `echo $! > file`).
    static func waitForPID(in path: String, within timeout: Duration = .seconds(20)) async throws -> pid_t {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let data = try? readFile(path),
                let pid = pid_t(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            if ContinuousClock.now >= deadline {
                throw TestSupportError("no pid in \(path) before the deadline")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
