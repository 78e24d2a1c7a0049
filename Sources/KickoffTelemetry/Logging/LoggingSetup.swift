import Foundation
public import KickoffModel
public import Logging
import Synchronization

/// Installs `KickoffLogHandler` as the process's log handler.
public enum LoggingSetup {
    /// True once `bootstrap` has been called.
    private static let bootstrapped = Mutex(false)

    /// Call once, early, before any `Logger` is made (swift-log allows only one bootstrap per process;
    /// later calls here are ignored and return false).
    @discardableResult
    public static func bootstrap(format: LogFormat, level: Logger.Level) -> Bool {
        let first = bootstrapped.withLock { bootstrapped in
            defer { bootstrapped = true }
            return !bootstrapped
        }
        guard first else { return false }
        LoggingSystem.bootstrap { label in
            KickoffLogHandler(label: label, format: format, level: level)
        }
        return true
    }
}
