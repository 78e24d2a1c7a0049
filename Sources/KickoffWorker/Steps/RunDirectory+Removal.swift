
extension RunDirectory {
    /// Removes this attempt's directory and those of earlier attempts (left behind by killed workers).
    ///
    /// A later attempt's directory is never touched: a run retried at once (backoff 0) may already be
    /// running its next attempt on another worker of this host.
    public func remove() {
        for earlier in 1...attempt {
            TreeRemoval.remove(absolutePath(runID + ".attempt-\(earlier)", base: root))
        }
    }
}
