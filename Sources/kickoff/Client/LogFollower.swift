import KickoffModel
/// `runs logs --follow`: each step's logs, under a `==> step <==` header, as soon as the step ends.
struct LogFollower: Sendable {
    let client: KickoffAPIClient
    let runID: String
    /// Only this step, when given.
    let step: String?

    func follow() async throws(ClientError) {
        // Says which steps ended since the last look (each once per attempt; a retry prints them again).
        var progress = RunProgress()
        let initial = try await client.run(id: runID)
        if let step, !initial.steps.contains(where: { $0.name == step }) {
            // The front answers this with its 404 problem, naming the run's steps.
            _ = try await client.logs(id: runID, step: step)
        }
        try await printEnded(progress.changes(initial))
        guard !initial.status.isFinal else { return }
        try await RunEventFollower(client: client, runID: runID).follow { event throws(ClientError) in
            guard event.type.hasPrefix("step.") || event.type.hasPrefix("run.") else { return }
            try await printEnded(progress.changes(try await client.run(id: runID)))
        }
        try await printEnded(progress.changes(try await client.run(id: runID)))
    }

    private func printEnded(_ changes: [ProgressChange]) async throws(ClientError) {
        for change in changes {
            switch change {
            case .attempt(let attempt, let maximum):
                if step == nil { StandardOutput.write("==> attempt \(attempt) of \(maximum) <==\n") }
            case .stepEnded(let name, let status, _, _) where step == nil || step == name:
                // A skipped step never ran: it has no logs to show.
                guard status != .skipped else { continue }
                let logs = try await client.logs(id: runID, step: name)
                StandardOutput.write("==> \(name) (\(status.rawValue)) <==\n" + logs.ensuringFinalNewline)
            case .stepStarted, .stepEnded:
                continue
            }
        }
    }
}
