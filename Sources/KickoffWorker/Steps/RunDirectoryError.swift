public enum RunDirectoryError: Error, Sendable, Hashable {
    /// `value` is not a `SafeName`.
    case invalidName(role: String, value: String)
    /// The root of the run directories is empty or contains a NUL byte.
    case invalidRoot(String)
    /// Attempts count from 1.
    case invalidAttempt(Int)
    case createFailed(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case outputTooLarge(path: String, limit: Int)
}

extension RunDirectoryError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidName(let role, let value):
            "invalid \(role) \(quoted(value)): use 1 to \(SafeName.maxLength) of A-Z a-z 0-9 _ . - (not . or ..)"
        case .invalidRoot(let root):
            "invalid run directory root \(quoted(root))"
        case .invalidAttempt(let attempt):
            "invalid attempt \(attempt): attempts count from 1"
        case .createFailed(let path, let reason):
            "cannot create \(quoted(path)): \(reason)"
        case .readFailed(let path, let reason):
            "cannot read \(quoted(path)): \(reason)"
        case .outputTooLarge(let path, let limit):
            "step output \(quoted(path)) is larger than \(limit) bytes"
        }
    }
}
