import Foundation
import Glibc
import KickoffTestSupport
@testable import KickoffWorker


/// A real `kickoff pool` process running fake workers in a temporary directory.
struct PoolHarness {
    let directory: String
    let pool: SpawnedProcess

    /// Runs `body` with a started pool; whatever happens, the pool and its workers are killed afterwards.
    static func run<Result>(
        workers: Int, behaviour: FakeWorker.Behaviour, arguments: [String] = [],
        _ body: (PoolHarness) async throws -> Result
    ) async throws -> Result {
        try await withTemporaryDirectory { directory in
            let argv = [try KickoffBinary.path(), "pool", "--workers", String(workers), "--log-level", "debug"]
                + arguments + (try FakeWorker.commandFlags(directory: directory, behaviour: behaviour))
            let harness = PoolHarness(directory: directory, pool: try SpawnedProcess(argv, outputPath: directory + "/pool.log"))
            defer { harness.killEverything() }
            return try await body(harness)
        }
    }

    /// The pid the worker in `slot` wrote, once it is there and differs from `previous`.
    func workerPID(slot: Int, other previous: pid_t? = nil) async throws -> pid_t {
        let path = "\(directory)/slot-\(slot).pid"
        try await Eventually.poll("a worker in slot \(slot) other than \(previous.map(String.init) ?? "none")") {
            guard let pid = readPID(path) else { return false }
            return pid != previous
        }
        guard let pid = readPID(path) else { throw TestSupportError("\(path) vanished") }
        return pid
    }

    func readPID(_ path: String) -> pid_t? {
        guard let data = try? readFile(path) else { return nil }
        return pid_t(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func termFile(slot: Int) -> pid_t? {
        readPID("\(directory)/slot-\(slot).term")
    }

    /// True when no process `pid` exists, not even a zombie: someone reaped it.
    static func isGone(_ pid: pid_t) -> Bool {
        kill(pid, 0) == -1 && errno == ESRCH
    }

    /// The parent pid from /proc, nil if the process is gone.
    static func parent(of pid: pid_t) -> pid_t? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("PPid:") }
        return line.flatMap { pid_t($0.dropFirst("PPid:".count).trimmingCharacters(in: .whitespaces)) }
    }

    private func killEverything() {
        pool.signal(SIGKILL)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for file in files where file.hasSuffix(".pid") || file.hasSuffix(".grandchild") {
            if let pid = readPID("\(directory)/\(file)") { kill(pid, SIGKILL) }
        }
        var status: Int32 = 0
        _ = waitpid(pool.pid, &status, 0)  // SIGKILLed: returns at once (or ECHILD if reaped already)
    }
}
