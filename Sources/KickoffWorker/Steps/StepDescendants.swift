import Foundation
import Glibc
import Synchronization

/// What a step leaves behind when it ends: processes that left its process group (`setsid`, a
/// daemon's double fork), which the group kill does not reach. In a worker (`adoptOrphans()`), the
/// worker is a child subreaper, so such processes become its children when their parents exit; each
/// time a step ends and no other step is running or being started, every child of the worker that is
/// not a step is an orphan of a finished step: it and all its descendants are stopped, killed and
/// reaped. (With several steps at once, orphans wait for the last of them: the worker cannot tell
/// which running step an orphan belongs to, and a step may still use its daemon.)
///
/// Off unless `adoptOrphans()` was called: a process that runs steps among children of its own (the
/// tests) must not have those killed.
enum StepDescendants {
    private struct State {
        var enabled = false
        var leaders: Set<pid_t> = []
        var spawning = 0
    }

    private static let state = Mutex(State())

    /// Makes this process the subreaper of its descendants and turns the sweep on.
    static func adoptOrphans() throws(ProcessControlError) {
        try ProcessControl.becomeChildSubreaper()
        state.withLock { $0.enabled = true }
    }

    /// Before a spawn: no sweep until `spawned` or `spawnFailed` (the new child must not pass for an orphan).
    static func willSpawn() {
        state.withLock { $0.spawning += 1 }
    }

    static func spawned(_ pid: pid_t) {
        state.withLock { state in
            state.spawning -= 1
            state.leaders.insert(pid)
        }
    }

    static func spawnFailed() {
        state.withLock { $0.spawning -= 1 }
    }

    /// The step whose leader was `pid` has ended (reaped): sweeps orphans when it was the last step.
    /// Returns how many processes were killed. Blocks until they are reaped: call it on the step's thread.
    @discardableResult
    static func ended(_ pid: pid_t) -> Int {
        // Under the lock, so that no step is spawned while its would-be siblings are swept.
        state.withLock { state in
            state.leaders.remove(pid)
            guard state.enabled, state.leaders.isEmpty, state.spawning == 0, hasChildren() else { return 0 }
            return sweep()
        }
    }

    /// False when this process has no child at all (`waitid` says ECHILD): nothing can be left over, and
    /// the sweep's read of the whole process table (a file per process, every time a step ends) is spared.
    /// Nothing is reaped (`WNOWAIT`, `WNOHANG`).
    private static func hasChildren() -> Bool {
        var info = siginfo_t()
        while waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == -1 {
            guard errno == EINTR else { return errno != ECHILD }
        }
        return true
    }

    /// Stops, kills and reaps every child of this process (none is a step now) and their descendants,
    /// round after round: killed grandchildren come back to this process as children to reap.
    private static func sweep() -> Int {
        let me = getpid()
        var killed = 0
        for _ in 0..<100 {
            let table = ProcessTable.read()
            let orphans = table.children(of: me)
            guard !orphans.isEmpty else { break }
            let all = orphans + orphans.flatMap { table.descendants(of: $0) }
            // Stopped first: a process that is stopped cannot fork while its siblings are killed.
            for pid in all { _ = kill(pid, SIGSTOP) }
            for pid in all { _ = kill(pid, SIGKILL) }
            killed += all.count
            var status: Int32 = 0
            for pid in orphans {
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            }
        }
        return killed
    }
}

/// Every process's parent, read from /proc/<pid>/stat.
struct ProcessTable {
    var parents: [pid_t: pid_t]

    static func read() -> ProcessTable {
        var parents: [pid_t: pid_t] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After the command in parentheses: state, ppid, …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { parents[pid] = parent }
        }
        return ProcessTable(parents: parents)
    }

    func children(of parent: pid_t) -> [pid_t] {
        parents.filter { $0.value == parent }.map(\.key).sorted()
    }

    func descendants(of root: pid_t) -> [pid_t] {
        var found: [pid_t] = []
        var frontier = [root]
        while let next = frontier.popLast() {
            let children = self.children(of: next)
            found += children
            frontier += children
        }
        return found
    }
}
