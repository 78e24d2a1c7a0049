import Foundation
import Glibc

extension RunDirectory {
    /// Removes this attempt's directory and those of earlier attempts (left behind by killed workers),
    /// then the run's directory if nothing else is in it.
    ///
    /// A later attempt's directory is never touched: a run retried at once (backoff 0) may already be
    /// running its next attempt on another worker of this host, in this very run directory.
    public func remove() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: runPath)) ?? [] {
            guard name.hasPrefix("attempt-"), let number = Int(name.dropFirst("attempt-".count)), number <= attempt else { continue }
            try? FileManager.default.removeItem(atPath: runPath + "/" + name)
        }
        // Fails (ENOTEMPTY) while a later attempt is there; that attempt's worker removes it.
        _ = rmdir(runPath)
    }
}
