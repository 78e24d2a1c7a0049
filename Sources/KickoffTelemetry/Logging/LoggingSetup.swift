import Foundation
public import KickoffModel
public import Logging

/// Installs `KickoffLogHandler` as the process's log handler.
public enum LoggingSetup {
    private static let bootstrapped = BootstrapFlag()

    /// Call once, early, before any `Logger` is made (swift-log allows only one bootstrap per process;
    /// later calls here are ignored and return false).
    @discardableResult
    public static func bootstrap(format: LogFormat, level: Logger.Level) -> Bool {
        guard bootstrapped.claim() else { return false }
        LoggingSystem.bootstrap { label in
            KickoffLogHandler(label: label, format: format, level: level)
        }
        return true
    }
}

/// True for the first caller of `claim()` only.
private final class BootstrapFlag: @unchecked Sendable {
    private let lock = NSLock()  // guards `claimed`
    private var claimed = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        defer { claimed = true }
        return !claimed
    }
}
