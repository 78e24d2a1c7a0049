import Foundation

/// The contract's run object built from a stored run, for webhook bodies.
///
/// A stand-in: the front's `RunObject` (KickoffCore/API) is the one encoder of the run object;
/// once both are on main, `WebhookMessage` should use it instead of this.
enum WebhookRunObject {
    static func json(_ run: RunRecord, attempts: [WebhookAttempt]) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(run.id),
            "pipeline": .string(run.pipeline),
            "status": .string(run.status.rawValue),
            "parameters": .object(run.parameters.mapValues { .object($0) }),
            "steps": .array(run.steps.map(step)),
            "outputs": run.outputs ?? .null,
            "error": run.error.map { error in
                .object(["step": error.step.map(JSONValue.string) ?? .null, "message": .string(error.message)])
            } ?? .null,
            "attempt": .integer(Int64(run.attempt)),
            "max_attempts": .integer(Int64(run.maxAttempts)),
            "created_at": time(run.createdAt),
            "started_at": time(run.startedAt),
            "finished_at": time(run.finishedAt),
            "worker": run.worker.map(JSONValue.string) ?? .null,
            "tags": .array(run.tags.map(JSONValue.string)),
            "callback_url": run.callbackURL.map(JSONValue.string) ?? .null,
            "webhook_deliveries": .array(attempts.map(attempt)),
        ]
        let path = "/v1/runs/" + run.id
        object["links"] = .object(["self": .string(path), "events": .string(path + "/events"), "logs": .string(path + "/logs")])
        return .object(object)
    }

    private static func step(_ state: StepState) -> JSONValue {
        .object([
            "name": .string(state.name),
            "status": .string(state.status.rawValue),
            "started_at": time(state.startedAt),
            "finished_at": time(state.finishedAt),
            "exit_code": state.exitCode.map { .integer(Int64($0)) } ?? .null,
            "output": state.output ?? .null,
        ])
    }

    private static func attempt(_ attempt: WebhookAttempt) -> JSONValue {
        .object([
            "attempt": .integer(Int64(attempt.attempt)),
            "status_code": attempt.statusCode.map { .integer(Int64($0)) } ?? .null,
            "at": time(attempt.at),
            "error": attempt.error.map(JSONValue.string) ?? .null,
        ])
    }

    static func time(_ milliseconds: Int64?) -> JSONValue {
        guard let milliseconds else { return .null }
        return .string(rfc3339(milliseconds))
    }

    static func rfc3339(_ milliseconds: Int64) -> String {
        let (seconds, remainder) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        return LogTimestamp(secondsSinceEpoch: Int(seconds), milliseconds: Int(remainder)).rfc3339
    }
}
