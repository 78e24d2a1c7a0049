/// What a cancel did: the `cancel` field of `POST /v1/runs/{id}/cancel`'s 202.
public enum CancelOutcome: String, Sendable, Hashable, Codable {
    /// The run was queued or scheduled: it is canceled now.
    case immediate
    /// The run is running: its worker stops the running step within a heartbeat and starts no other.
    /// It ends `canceled`, unless its last step succeeds first (then it ends `succeeded`).
    case requested
}

/// The 202 of a cancel: the run object, and `cancel` saying what the cancel did.
public struct CancelAnswer: Sendable, Hashable, Decodable {
    public var run: RunObject
    /// Absent from the answers of fronts older than the field.
    public var cancel: CancelOutcome?

    public init(run: RunObject, cancel: CancelOutcome) {
        self.run = run
        self.cancel = cancel
    }

    private enum CodingKeys: String, CodingKey {
        case cancel
    }

    public init(from decoder: any Decoder) throws {
        run = try RunObject(from: decoder)
        cancel = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(CancelOutcome.self, forKey: .cancel)
    }

    /// The run object's fields and `cancel`.
    public var jsonValue: JSONValue {
        guard case .object(var fields) = run.jsonValue else { return run.jsonValue }
        if let cancel { fields["cancel"] = .string(cancel.rawValue) }
        return .object(fields)
    }
}
