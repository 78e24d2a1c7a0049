import ArgumentParser
import KickoffModel

/// `kickoff runs retry ID [--from failed|start|STEP]`: a new run of a finished one, starting at its
/// failed step; the steps before it are reused with their outputs and artifacts.
struct RunsRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Run a finished run again from its failed step (or from the start, or a step).")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The run's id (upper case is read as lower case).", transform: RunIDArgument.normalized)
    var id: String

    @Option(help: ArgumentHelp("Where the new run starts: failed (its first step that did not succeed), start, or a step's name.",
                               valueName: "failed|start|step"))
    var from = "failed"

    func run() async throws {
        try await client.withAPIClient { api in
            let run = try await api.retry(id: id, from: from)
            let reused = run.steps.filter(\.reused).map(\.name)
            let kept = reused.isEmpty ? "no step reused" : "reused: \(reused.joined(separator: ", "))"
            StandardOutput.write("\(run.id) retries \(id) (\(kept)); follow it with: kickoff runs show \(run.id)\n")
        }
    }
}
