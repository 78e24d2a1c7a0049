import KickoffModel

/// The body of `POST /v1/runs/purge`: `{"older_than":"30d","status":["failed"],"dry_run":true}`,
/// checked field by field (422 listing every bad one).
struct PurgeRequest {
    var olderThan: Duration
    var statuses: [RunStatus]
    var dryRun: Bool

    static let finalStatuses = RunStatus.allCases.filter(\.isFinal)

    init(_ body: JSONValue) throws(Problem) {
        guard case .object(let fields) = body else {
            throw Problem.invalid([FieldError(field: "body", message: "expected a JSON object")])
        }
        var errors: [FieldError] = []
        for key in fields.keys.sorted() where !["older_than", "status", "dry_run"].contains(key) {
            errors.append(FieldError(field: key, message: "unknown field; expected older_than, status or dry_run"))
        }
        olderThan = .zero
        switch fields["older_than"] {
        case .string(let text)?:
            do {
                olderThan = try DurationParser.parse(text)
                if olderThan < .seconds(1) { errors.append(FieldError(field: "older_than", message: "must be at least 1s")) }
            } catch {
                errors.append(FieldError(field: "older_than", message: error.description))
            }
        case nil:
            errors.append(FieldError(field: "older_than", message: "required: a duration such as 30d"))
        default:
            errors.append(FieldError(field: "older_than", message: "expected a duration string such as 30d"))
        }
        statuses = Self.finalStatuses
        switch fields["status"] {
        case nil, .null?:
            break
        case .array(let items)?:
            var chosen: [RunStatus] = []
            for (index, item) in items.enumerated() {
                if case .string(let word) = item, let status = RunStatus(rawValue: word), status.isFinal {
                    chosen.append(status)
                } else {
                    errors.append(FieldError(field: "status[\(index)]", message: "expected one of succeeded, failed, canceled (only finished runs are purged)"))
                }
            }
            if items.isEmpty { errors.append(FieldError(field: "status", message: "must name at least one status")) }
            statuses = chosen
        default:
            errors.append(FieldError(field: "status", message: "expected an array of statuses"))
        }
        dryRun = false
        switch fields["dry_run"] {
        case nil, .null?: break
        case .bool(let value)?: dryRun = value
        default: errors.append(FieldError(field: "dry_run", message: "expected true or false"))
        }
        if !errors.isEmpty { throw Problem.invalid(errors) }
    }
}

/// `{"older_than","cutoff","statuses","matched","deleted","dry_run"}`.
struct PurgeAnswer: Codable, Sendable {
    var older_than: String
    var cutoff: String
    var statuses: [String]
    var matched: Int
    var deleted: Int
    var dry_run: Bool
}
