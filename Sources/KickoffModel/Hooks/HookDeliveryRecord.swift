/// One recent delivery of a source (`GET /v1/sources/{name}/deliveries`):
/// `{"id","event","outcome","runs","errors","at"}`.
public struct HookDeliveryRecord: Sendable, Hashable {
    /// The delivery id (the provider's, or `sha256:…` of the body).
    public var id: String
    public var event: String?
    /// `created`, `filtered`, `duplicate` or `invalid_parameters`.
    public var outcome: String
    public var runs: [String]
    /// For `invalid_parameters`: every refused field, with its path.
    public var errors: [FieldError]
    /// When it arrived, Unix ms (Redis's clock).
    public var at: Int64

    public init(id: String, event: String?, outcome: String, runs: [String], errors: [FieldError], at: Int64) {
        self.id = id
        self.event = event
        self.outcome = outcome
        self.runs = runs
        self.errors = errors
        self.at = at
    }

    public var jsonValue: JSONValue {
        .object([
            "id": .string(id), "event": event.map(JSONValue.string) ?? .null, "outcome": .string(outcome),
            "runs": .array(runs.map(JSONValue.string)),
            "errors": .array(errors.map { .object(["field": .string($0.field), "message": .string($0.message)]) }),
            "at": .string(Timestamp.rfc3339(milliseconds: at)),
        ])
    }
}
