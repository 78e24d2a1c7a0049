/// One step's state within an attempt, stored as JSON in the run's hash (`step:<name>`).
/// Times are Unix milliseconds; the API renders them as RFC 3339.
public struct StepState: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case pending, running, succeeded, failed, skipped, canceled
    }

    public var name: String
    public var status: Status
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var exitCode: Int32?
    public var output: JSONValue?
    /// Why the step failed, in words (timeout, signal, bad output file).
    public var error: String?

    public init(name: String, status: Status, startedAt: Int64? = nil, finishedAt: Int64? = nil,
                exitCode: Int32? = nil, output: JSONValue? = nil, error: String? = nil) {
        self.name = name
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.output = output
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case name, status, output, error
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case exitCode = "exit_code"
    }
}

/// Why a run failed: the step (when one is to blame) and a message.
public struct RunError: Sendable, Hashable, Codable {
    public var step: String?
    public var message: String

    public init(step: String? = nil, message: String) {
        self.step = step
        self.message = message
    }
}
