import Foundation
import Glibc
public import KickoffTelemetry
import Synchronization

/// The pool's aggregate for `kickoff pool --metrics-port`: its own figures (workers alive, starts,
/// exits) plus the sum of its workers' registries. Each worker sends its cumulative snapshot over
/// a socket the pool gave it (`MetricsReporter`); the snapshot of a worker that exited is kept in
/// `retired`, so the pool's counters never go down when a worker dies or is replaced. Lost: what a
/// worker counted after its last snapshot if it was killed (at most about a second's worth).
public final class PoolMetrics: Sendable {
    public let registry = MetricsRegistry()
    let workers: GaugeMetric
    let starts: CounterMetric
    let exits: CounterMetric
    private let reports = Mutex(Reports())

    private struct Reports {
        /// By channel (a serial number, not the pid: a pid may be reused before the old channel's end is read).
        var live: [UInt64: MetricsSnapshot] = [:]
        var retired = MetricsSnapshot()
        var nextChannel: UInt64 = 0
    }

    public init() {
        workers = registry.gauge("kickoff_pool_workers", "Worker processes of this pool alive now.")
        starts = registry.counter("kickoff_pool_worker_starts_total", "Worker processes this pool started (restarts included).")
        exits = registry.counter("kickoff_pool_worker_exits_total", "Worker processes of this pool that ended, by how they ended.",
                                 labels: ["reason"])
        workers.set(0)
        starts.increment(by: 0)
    }

    /// The pool's own figures and every worker's, added up.
    public func snapshot() -> MetricsSnapshot {
        reports.withLock { reports in
            var total = reports.retired
            for snapshot in reports.live.values { total.merge(snapshot) }
            return total
        }.merged(registry.snapshot())
    }

    func record(_ event: PoolEvent) {
        switch event {
        case .started: starts.increment()
        case .exited(_, _, let status, _): exits.increment([status.map(Self.reason) ?? "unknown"])
        default: break
        }
    }

    private static func reason(_ status: StepExitStatus) -> String {
        switch status {
        case .exited(0): "exited_0"
        case .exited: "exited_nonzero"
        case .signaled: "signaled"
        }
    }

    /// A new channel for one worker: the pool's end and the worker's (both close-on-exec; the spawn
    /// places the worker's at descriptor 3). Numbered from 10 up, never 3 itself.
    static func makeChannel() throws(WorkerPoolError) -> (pool: Int32, worker: Int32) {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw .system(call: "socketpair", reason: errnoText(errno))
        }
        let worker = fcntl(pair[1], F_DUPFD_CLOEXEC, 10)
        close(pair[1])
        guard worker >= 0 else {
            close(pair[0])
            throw .system(call: "fcntl F_DUPFD_CLOEXEC", reason: errnoText(errno))
        }
        // The worker only writes.
        shutdown(pair[0], Int32(SHUT_WR))
        return (pair[0], worker)
    }

    /// Reads the worker's snapshots on a thread of its own until the worker's end closes.
    func collect(from descriptor: Int32) {
        let channel = reports.withLock { reports in
            defer { reports.nextChannel += 1 }
            return reports.nextChannel
        }
        DedicatedThread.start("kickoff.pool.metrics") { [self] in
            readReports(descriptor, channel: channel)
            close(descriptor)
            reports.withLock { reports in
                if let last = reports.live.removeValue(forKey: channel) { reports.retired.merge(last) }
            }
        }
    }

    private func readReports(_ descriptor: Int32, channel: UInt64) {
        let decoder = JSONDecoder()
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            pending.append(contentsOf: chunk[0..<count])
            // Snapshots are cumulative: only the last complete line matters.
            guard let end = pending.lastIndex(of: UInt8(ascii: "\n")) else { continue }
            let start = pending[..<end].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            if let snapshot = try? decoder.decode(MetricsSnapshot.self, from: Data(pending[start..<end])) {
                reports.withLock { $0.live[channel] = snapshot }
            }
            pending.removeSubrange(...end)
        }
    }
}
