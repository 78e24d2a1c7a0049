import Dispatch

extension Duration {
    /// The interval for `DispatchQueue.asyncAfter`; nil when it is so long (over ~95 years) that it
    /// means never. Negative durations are zero.
    var dispatchInterval: DispatchTimeInterval? {
        guard self > .zero else { return .nanoseconds(0) }
        let (seconds, attoseconds) = components
        guard seconds < 3_000_000_000 else { return nil }
        return .nanoseconds(Int(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
