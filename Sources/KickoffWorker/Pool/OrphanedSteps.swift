import Glibc

/// The pool is the subreaper of its workers' descendants: a worker that dies without stopping its
/// step (SIGKILL, the OOM killer) leaves the step process to the pool, and it would run on beside the
/// attempt that takes its run over, side effects and all. After every worker exit the pool kills the
/// process groups of such orphans (each step leads its own group).
enum OrphanedSteps {
    /// Live children of this process other than `workers`: what dead workers left behind.
    /// Call it where no worker can be spawned meanwhile (under the pool's lock).
    static func find(excluding workers: Set<pid_t>) -> [pid_t] {
        let me = getpid()
        guard let proc = opendir("/proc") else { return [] }
        defer { closedir(proc) }
        var found: [pid_t] = []
        while let entry = readdir(proc) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name), !workers.contains(pid), let (state, parent) = stateAndParent(pid) else { continue }
            if parent == me, state != "Z" { found.append(pid) }
        }
        return found
    }

    /// SIGKILL to each orphan's process group when it leads one (a step), else to the orphan alone.
    /// Unreaped, an orphan's pid cannot have been reused.
    static func kill(_ pids: [pid_t]) {
        for pid in pids {
            if getpgid(pid) == pid { _ = killpg(pid, SIGKILL) } else { _ = Glibc.kill(pid, SIGKILL) }
        }
    }

    /// From `/proc/PID/stat`: `pid (comm) state ppid …`; comm may hold spaces and parentheses.
    private static func stateAndParent(_ pid: pid_t) -> (String, pid_t)? {
        guard let file = fopen("/proc/\(pid)/stat", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 512)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        guard fields.count >= 2, let parent = pid_t(fields[1]) else { return nil }
        return (String(fields[0]), parent)
    }
}
