import ArgumentParser
import KickoffModel

/// `kickoff runs list`: the newest runs as a table.
struct RunsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs, newest first.")

    @OptionGroup var client: ClientOptions

    @Option(help: ArgumentHelp("Only this pipeline's runs.", valueName: "name"))
    var pipeline: String?

    @Option(help: ArgumentHelp("Only runs in these states (comma-separated: queued, running, succeeded, …).", valueName: "status"))
    var status: String?

    @Option(help: ArgumentHelp("At most this many runs (1…100; the front's default is 20).", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Continue after a previous page (printed on stderr when there is more).", valueName: "cursor"))
    var cursor: String?

    @Option(help: ArgumentHelp("The order: -created_at (default), created_at, outputs.NAME or -outputs.NAME (the 500 most recent runs sorted, one page; an output sorted by gets a column).",
                               valueName: "key"))
    var sort: String?

    func run() async throws {
        try await client.withAPIClient { api in
            let page = try await api.listRuns(pipeline: pipeline, status: status, limit: limit, cursor: cursor, sort: sort)
            let output = sortedOutput
            // Why runs wait, in a column of its own only when some run on the page waits for something.
            let explains = page.runs.contains { $0.waitingFor != nil }
            let rows = page.runs.map { run in
                [run.id, run.pipeline, run.status.rawValue, run.createdAt, Self.duration(run)]
                    + (output.map { [Self.output($0, of: run)] } ?? [])
                    + (explains ? [run.waitingFor?.summary ?? "-"] : [])
            }
            let header = ["ID", "PIPELINE", "STATUS", "CREATED", "DURATION"] + (output.map { [$0.uppercased()] } ?? [])
                + (explains ? ["WAITING FOR"] : [])
            StandardOutput.write(TextTable(rows: [header] + rows).render())
            if let next = page.nextCursor {
                StandardError.write(lines: ["more runs: " + nextPageCommand(cursor: next)])
            }
        }
    }

    /// This command again with every filter it was given and the next page's cursor, quoted for a
    /// shell. `--url` and `--ca-cert` too when given as flags (the page is that front's); never
    /// `--api-key`, which stays in the environment rather than in the terminal and its history.
    func nextPageCommand(cursor next: String) -> String {
        let flags = [("--url", client.url), ("--ca-cert", client.caCert), ("--pipeline", pipeline), ("--status", status),
                     ("--limit", limit.map(String.init)), ("--sort", sort), ("--cursor", next)]
        return ShellCommand.line(["kickoff", "runs", "list"] + forwardedFlags(flags))
    }

    /// The output field named by `--sort outputs.NAME` or `-outputs.NAME`, shown as a column.
    var sortedOutput: String? {
        guard let sort else { return nil }
        let key = sort.hasPrefix("-") ? sort.dropFirst() : Substring(sort)
        return key.hasPrefix("outputs.") ? String(key.dropFirst("outputs.".count)) : nil
    }

    static func output(_ name: String, of run: RunObject) -> String {
        guard case .object(let fields)? = run.outputs, let value = fields[name], value != .null else { return "-" }
        return value.argumentText
    }

    /// From start to finish; `-` for a run that has not started or is still running.
    static func duration(_ run: RunObject) -> String {
        ElapsedText.between(run.startedAt, run.finishedAt) ?? "-"
    }
}
