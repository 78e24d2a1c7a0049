/// Why the pool cannot start or go on.
public enum WorkerPoolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration cannot work (no command, no workers …).
    case invalidConfiguration(String)
    /// A system call the pool relies on failed.
    case system(call: String, reason: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let reason): "invalid worker pool: \(reason)"
        case .system(let call, let reason): "worker pool: \(call) failed: \(reason)"
        }
    }
}
