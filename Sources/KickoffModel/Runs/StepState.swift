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
    /// How many times the step has run in this run, retries in place included; nil: once, or not yet.
    public var attempts: Int?
    /// Taken over from the run this one retries (`retry_of`), with its output and artifacts; not run.
    public var reused: Bool?

    public init(name: String, status: Status, startedAt: Int64? = nil, finishedAt: Int64? = nil,
                exitCode: Int32? = nil, output: JSONValue? = nil, error: String? = nil, attempts: Int? = nil,
                reused: Bool? = nil) {
        self.name = name
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.output = output
        self.error = error
        self.attempts = attempts
        self.reused = reused
    }

    /// The stored JSON, the same bytes as `JSONEncoder` with sorted keys gives (absent fields left
    /// out), written without `Encodable`: a worker stores a state two or three times per step.
    public func jsonString() -> String {
        var fields: [String: JSONValue] = ["name": .string(name), "status": .string(status.rawValue)]
        if let startedAt { fields["started_at"] = .integer(startedAt) }
        if let finishedAt { fields["finished_at"] = .integer(finishedAt) }
        if let exitCode { fields["exit_code"] = .integer(Int64(exitCode)) }
        if let output { fields["output"] = output }
        if let error { fields["error"] = .string(error) }
        if let attempts { fields["attempts"] = .integer(Int64(attempts)) }
        if let reused { fields["reused"] = .bool(reused) }
        return JSONValue.object(fields).jsonString()
    }

    /// Reads the stored JSON as `Decodable` would, nil where that would have thrown.
    init?(json: JSONValue) {
        guard case .object(let fields) = json, case .string(let name)? = fields["name"],
              case .string(let word)? = fields["status"], let status = Status(rawValue: word) else { return nil }
        func integer(_ key: String) -> Int64?? {
            switch fields[key] {
            case nil, .null?: return .some(nil)
            case .integer(let value)?: return .some(value)
            default: return nil
            }
        }
        guard let startedAt = integer("started_at"), let finishedAt = integer("finished_at"), let exitCode = integer("exit_code"),
              let attempts = integer("attempts") else {
            return nil
        }
        var error: String?
        switch fields["error"] {
        case nil, .null?: break
        case .string(let text)?: error = text
        default: return nil
        }
        guard exitCode.map({ Int32(exactly: $0) != nil }) ?? true else { return nil }
        let output: JSONValue? = switch fields["output"] { case nil, .null?: nil; case let value?: value }
        var reused: Bool?
        switch fields["reused"] {
        case nil, .null?: break
        case .bool(let flag)?: reused = flag
        default: return nil
        }
        self.init(name: name, status: status, startedAt: startedAt, finishedAt: finishedAt,
                  exitCode: exitCode.flatMap { Int32(exactly: $0) }, output: output, error: error,
                  attempts: attempts.flatMap { Int(exactly: $0) }, reused: reused)
    }

    enum CodingKeys: String, CodingKey {
        case name, status, output, error, attempts, reused
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

    /// Reads the stored JSON as `Decodable` would, nil where that would have thrown.
    init?(json: JSONValue) {
        guard case .object(let fields) = json, case .string(let message)? = fields["message"] else { return nil }
        switch fields["step"] {
        case nil, .null?: self.init(message: message)
        case .string(let step)?: self.init(step: step, message: message)
        default: return nil
        }
    }
}
