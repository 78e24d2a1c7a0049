import Foundation
import KickoffModel

/// How the client commands show a run's end and a whole run.
enum RunSummary {
    /// `{"run_id","pipeline","status","outputs","error"}`, pretty and with sorted keys: what
    /// `trigger --wait` prints last, for people and for `jq` alike.
    static func json(_ run: RunObject) -> String {
        let error: JSONValue = run.error.map { error in
            .object(["step": error.step.map(JSONValue.string) ?? .null, "message": .string(error.message)])
        } ?? .null
        return pretty(.object([
            "run_id": .string(run.id), "pipeline": .string(run.pipeline), "status": .string(run.status.rawValue),
            "outputs": run.outputs ?? .null, "error": error,
        ]))
    }

    static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return value.jsonString() }
        return String(decoding: data, as: UTF8.self)
    }

    /// `runs show --summary`: the run in a few lines, then a table of its steps.
    static func text(_ run: RunObject) -> String {
        var lines = [
            "run       \(run.id)",
            "pipeline  \(run.pipeline)",
            "status    \(run.status.rawValue)" + (run.cancelRequested && !run.status.isFinal ? " (cancel requested)" : ""),
            "attempt   \(run.attempt) of \(run.maxAttempts)",
            "created   \(run.createdAt)",
        ]
        if let started = run.startedAt { lines.append("started   \(started)") }
        if let finished = run.finishedAt {
            lines.append("finished  \(finished)" + (ElapsedText.between(run.startedAt, finished).map { " (\($0))" } ?? ""))
        }
        if let worker = run.worker { lines.append("worker    \(worker)") }
        if !run.tags.isEmpty { lines.append("tags      \(run.tags.joined(separator: ", "))") }
        if let error = run.error { lines.append("error     " + (error.step.map { "\($0): " } ?? "") + error.message) }
        if let outputs = run.outputs { lines.append("outputs   \(outputs.jsonString())") }
        let rows = run.steps.map { step in
            [step.name, step.status.rawValue, ElapsedText.between(step.startedAt, step.finishedAt) ?? "",
             step.exitCode.map(String.init) ?? "", step.error ?? ""]
        }
        return lines.joined(separator: "\n") + "\n\n" + TextTable(rows: [["STEP", "STATUS", "ELAPSED", "EXIT", "ERROR"]] + rows).render()
    }
}
