/// The run object as a `JSONValue`, the same fields and values its `Encodable` conformance writes:
/// the trigger routes answer with it through `JSONValue.jsonString()`, which costs a fraction of
/// `JSONEncoder`'s time (keys come out sorted; JSON objects have no order).
extension RunObject {
    public var jsonValue: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            "id": .string(id), "pipeline": .string(pipeline), "status": .string(status.rawValue),
            "priority": .string(priority.rawValue),
            "parameters": .object(parameters.mapValues { .object($0) }),
            "steps": .array(steps.map(\.jsonValue)),
            "outputs": outputs ?? .null,
            "error": error.map { error in
                .object(["message": .string(error.message)].merging(error.step.map { ["step": .string($0)] } ?? [:]) { $1 })
            } ?? .null,
            "attempt": .integer(Int64(attempt)), "max_attempts": .integer(Int64(maxAttempts)),
            "reclaims": .integer(Int64(reclaims)), "retry_of": text(retryOf),
            "schedule": text(schedule), "schedule_tick": scheduleTick.map(JSONValue.integer) ?? .null,
            "schedule_misfire": scheduleMisfire.map(JSONValue.bool) ?? .null,
            "created_at": .string(createdAt), "started_at": text(startedAt), "finished_at": text(finishedAt),
            "not_before": text(notBefore), "worker": text(worker), "tags": .array(tags.map(JSONValue.string)),
            "callback_url": text(callbackURL), "cancel_requested": .bool(cancelRequested),
            "webhook_deliveries": .array(webhookDeliveries.map(\.jsonValue)),
            "trigger": trigger.jsonValue,
            "links": .object(["self": .string(links.`self`), "events": .string(links.events), "logs": .string(links.logs)]),
            "queue": .string(queue), "waiting_for": waitingFor.map(\.jsonValue) ?? .null,
            "debounced_triggers": debouncedTriggers.map { .integer(Int64($0)) } ?? .null,
        ])
    }
}

extension RunObject.Step {
    public var jsonValue: JSONValue {
        .object([
            "name": .string(name), "status": .string(status.rawValue),
            "started_at": startedAt.map(JSONValue.string) ?? .null, "finished_at": finishedAt.map(JSONValue.string) ?? .null,
            "exit_code": exitCode.map { .integer(Int64($0)) } ?? .null, "output": output ?? .null,
            "error": error.map(JSONValue.string) ?? .null, "attempts": .integer(Int64(attempts)),
            "reused": .bool(reused),
        ])
    }
}

extension RunObject.WebhookDelivery {
    /// Absent optionals are left out, as the synthesized `Encodable` does.
    public var jsonValue: JSONValue {
        var fields: [String: JSONValue] = ["attempt": .integer(Int64(attempt)), "at": .string(at)]
        if let statusCode { fields["status_code"] = .integer(Int64(statusCode)) }
        if let error { fields["error"] = .string(error) }
        if let url { fields["url"] = .string(url) }
        return .object(fields)
    }
}

extension RunWait {
    /// Absent optionals are left out, as the synthesized `Encodable` does.
    public var jsonValue: JSONValue {
        var fields: [String: JSONValue] = ["reason": .string(reason.rawValue)]
        if let key { fields["key"] = .string(key) }
        if let limit { fields["limit"] = .integer(Int64(limit)) }
        if let queue { fields["queue"] = .string(queue) }
        if let until { fields["until"] = .string(until) }
        return .object(fields)
    }
}
