import ArgumentParser
import KickoffModel

/// `kickoff workers list`: the live workers as the front sees them (`GET /v1/workers`).
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers", abstract: "Show the live workers: what each runs now, its last heartbeat, its pipeline file.",
        subcommands: [WorkersListCommand.self], defaultSubcommand: WorkersListCommand.self
    )
}

struct WorkersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the live workers.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.withAPIClient { api in
            let list = try await api.decode(WorkerList.self, .get, "/v1/workers")
            StandardOutput.write(Self.render(list))
        }
    }

    /// One line per worker; a late heartbeat or another pipeline file is flagged in the last column.
    static func render(_ list: WorkerList) -> String {
        let rows = list.workers.map { worker in
            let run = worker.run_id.map { "\($0) (\(worker.pipeline ?? "?"))" } ?? "idle"
            var flags: [String] = []
            if worker.late { flags.append("late heartbeat") }
            if worker.pipeline_differs { flags.append("other pipeline file") }
            return [worker.name, "\(worker.host)/\(worker.pid)", worker.queues.joined(separator: ","), run, worker.step ?? "-",
                    "\(worker.heartbeat_age_ms) ms ago", String(worker.runs_done),
                    worker.rss_bytes.map { "\($0 / 1_048_576) MiB" } ?? "-", flags.isEmpty ? "-" : flags.joined(separator: ", ")]
        }
        let header = ["WORKER", "HOST/PID", "QUEUES", "RUN", "STEP", "HEARTBEAT", "RUNS DONE", "RSS", "FLAGS"]
        return TextTable(rows: [header] + rows).render() + (list.workers.isEmpty ? "no live worker\n" : "")
    }
}
