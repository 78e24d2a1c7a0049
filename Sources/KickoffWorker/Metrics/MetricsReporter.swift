import Foundation
import Glibc
import KickoffTelemetry

/// A pool worker's side of the metrics channel: every `interval`, and once more when stopped, it
/// writes its whole registry as one JSON line (`MetricsSnapshot`) to the socket the pool gave it as
/// a descriptor (`KICKOFF_METRICS_FD`). Snapshots are cumulative, so one lost or late is harmless.
/// Runs on a thread of its own; a pool that stopped reading only ever blocks that thread.
final class MetricsReporter: Sendable {
    /// Set by `kickoff pool` in each worker it starts: the descriptor of its metrics channel.
    static let descriptorVariable = "KICKOFF_METRICS_FD"

    private let stopping = StopSignal()
    private let thread: DedicatedThread

    private init(registry: MetricsRegistry, descriptor: Int32, interval: Duration) {
        let stopping = self.stopping
        thread = DedicatedThread.start("kickoff-metrics") {
            Self.report(registry, to: descriptor, every: interval, until: stopping)
        }
    }

    /// Starts reporting when the environment names a channel; nil otherwise.
    static func start(registry: MetricsRegistry, environment: [String: String], interval: Duration = .seconds(1)) -> MetricsReporter? {
        guard let text = environment[descriptorVariable], let descriptor = Int32(text), descriptor > 2,
              fcntl(descriptor, F_GETFD) != -1 else { return nil }
        // Steps must not inherit it (they would hold the pool's read open after the worker died).
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return MetricsReporter(registry: registry, descriptor: descriptor, interval: interval)
    }

    /// Sends a last snapshot and closes the channel; returns once that is done.
    func stop() {
        stopping.stop()
        thread.join()
    }

    private static func report(_ registry: MetricsRegistry, to descriptor: Int32, every interval: Duration, until stopping: StopSignal) {
        let encoder = JSONEncoder()
        var open = true
        while open {
            let stopped = stopping.wait(for: interval)
            if let data = try? encoder.encode(registry.snapshot()) {
                open = write(Array(data) + [UInt8(ascii: "\n")], to: descriptor)
            }
            if stopped { break }
        }
        close(descriptor)
    }

    /// Writes all of `bytes`; false once the pool's end is gone.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
