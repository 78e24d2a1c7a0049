/// A finished run packed into one string (`PackedRun`); see KEYS.md.
extension StoreKeys {
    /// A finished run's record, folded events and (when they share its retention) logs, in one
    /// string: it replaces `run(id)`, `history(id)` and `logs(id)` when the run ends.
    public func done(_ id: String) -> String { runPrefix(id) + "done:" + id }
}
