import CSystemShims
import Dispatch
import Glibc
import Synchronization

/// Keeps a step's log file from filling the disk while the step writes it: every `interval`, the
/// blocks before the last `capBytes` are freed (`fallocate` punches a hole). The file keeps its size,
/// and its start reads as zeros; every reader of a step log reads only its last `capBytes`
/// (`RunDirectory.readLog`), which are kept. A step writing 1 GiB thus takes about `capBytes` plus
/// what it writes in one interval on disk, not 1 GiB. The step writes straight into the file
/// (`O_APPEND`); nothing is copied or moved under it.
final class StepLogLimiter: Sendable {
    /// The cap a worker sets once at start (its `--log-cap`); nil (tests, other processes): no limiter.
    static let configuredCap = Mutex<Int?>(nil)

    static func configure(capBytes: Int) {
        configuredCap.withLock { $0 = capBytes }
    }

    private struct State {
        /// -1 once stopped.
        var descriptor: Int32
        /// Bytes from the start already freed.
        var freed: Int64 = 0
        var unsupported = false
    }

    private let capBytes: Int64
    private let state: Mutex<State>
    private let interval: DispatchTimeInterval
    private static let queue = DispatchQueue(label: "kickoff.step-log-limiter")
    /// Frees only when this much more than the cap is on disk: one call per megabyte, not per write.
    private static let slack: Int64 = 1 << 20

    private init(descriptor: Int32, capBytes: Int, interval: Duration) {
        self.capBytes = Int64(capBytes)
        self.interval = .nanoseconds(Int(interval / .nanoseconds(1)))
        state = Mutex(State(descriptor: descriptor))
    }

    /// Starts watching `path` when the worker configured a cap; nil otherwise, or when the file cannot be opened.
    static func start(path: String, interval: Duration = .milliseconds(100)) -> StepLogLimiter? {
        guard let cap = configuredCap.withLock({ $0 }) else { return nil }
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        } while descriptor == -1 && errno == EINTR
        guard descriptor >= 0 else { return nil }
        let limiter = StepLogLimiter(descriptor: descriptor, capBytes: cap, interval: interval)
        limiter.scheduleNext()
        return limiter
    }

    private func scheduleNext() {
        Self.queue.asyncAfter(deadline: .now() + interval) { [weak self] in
            guard let self, self.trim() else { return }
            self.scheduleNext()
        }
    }

    /// Frees what is before the cap once more, and closes the file: no more trims after.
    func stop() {
        trim(final: true)
        state.withLock { state in
            close(state.descriptor)
            state.descriptor = -1
        }
    }

    /// False once stopped.
    @discardableResult
    private func trim(final: Bool = false) -> Bool {
        state.withLock { state in
            guard state.descriptor >= 0 else { return false }
            guard !state.unsupported else { return true }
            var info = stat()
            guard fstat(state.descriptor, &info) == 0 else { return true }
            let block = Int64(max(Int(info.st_blksize), 4096))
            // Whole blocks only, all before the last capBytes.
            let end = (Int64(info.st_size) - capBytes) / block * block
            guard end - state.freed >= (final ? block : Self.slack) else { return true }
            let result = kickoff_punch_hole(state.descriptor, state.freed, end - state.freed)
            if result == 0 {
                state.freed = end
            } else {
                state.unsupported = true  // EOPNOTSUPP: this file system keeps the whole log
            }
            return true
        }
    }
}
