public import Logging

extension Logger.Level {
    /// `trace`, `debug`, `info`, `notice`, `warning` (or `warn`), `error`, `critical`, in any case.
    public init?(name: String) {
        let lowered = name.lowercased()
        self.init(rawValue: lowered == "warn" ? "warning" : lowered)
    }
}
