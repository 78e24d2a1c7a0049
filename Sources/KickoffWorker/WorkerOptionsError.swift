/// A `kickoff worker` option whose value cannot work.
public enum WorkerOptionsError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(option: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let option, let reason): "\(option) \(reason)"
        }
    }
}
