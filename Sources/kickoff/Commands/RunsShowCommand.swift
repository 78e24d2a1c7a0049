import ArgumentParser

/// `kickoff runs show ID`: the run object as pretty JSON (all of it, as the front sent it), or a
/// readable summary with `--summary`.
struct RunsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one run: its run object as JSON, or a summary with --summary."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The run's id (upper case is read as lower case).", transform: RunIDArgument.normalized)
    var id: String

    @Flag(help: "A readable summary and a table of the steps instead of JSON.")
    var summary = false

    func run() async throws {
        try await client.withAPIClient { api in
            if summary {
                StandardOutput.write(RunSummary.text(try await api.run(id: id)))
            } else {
                StandardOutput.write(RunSummary.pretty(try await api.runDocument(id: id)) + "\n")
            }
        }
    }
}
