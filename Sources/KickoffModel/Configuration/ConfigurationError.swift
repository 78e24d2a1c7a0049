/// A setting whose value is unusable, with where it came from.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var source: SettingSource
    /// The value as given, or a redacted form of it for secrets.
    public var value: String
    public var reason: String

    public init(source: SettingSource, value: String, reason: String) {
        self.source = source
        self.value = value
        self.reason = reason
    }

    /// `invalid KICKOFF_PORT "http": expected a port number 0…65535`
    public var description: String {
        "invalid \(source) \(value.debugDescription): \(reason)"
    }
}
