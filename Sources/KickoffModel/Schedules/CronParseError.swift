/// A cron expression that cannot be read, with the reason.
public struct CronParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String { "invalid cron expression '\(text)': \(reason)" }
}
