import ArgumentParser

/// `kickoff runs logs ID [--step S] [--follow]`: the steps' stdout and stderr.
struct RunsLogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Print a run's logs (stdout and stderr of its steps).",
        discussion: "With --follow, waits for the run and prints each step's logs as the step ends, until the run is final."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The run's id (upper case is read as lower case).", transform: RunIDArgument.normalized)
    var id: String

    @Option(help: ArgumentHelp("Only this step's logs.", valueName: "step"))
    var step: String?

    @Flag(help: "Print each step's logs as it ends, until the run is final.")
    var follow = false

    func run() async throws {
        try await client.withAPIClient { api in
            guard follow else {
                StandardOutput.write(try await api.logs(id: id, step: step).ensuringFinalNewline)
                return
            }
            try await LogFollower(client: api, runID: id, step: step).follow()
        }
    }
}

extension String {
    /// Logs end with a newline on screen even when the step's last line had none.
    var ensuringFinalNewline: String {
        isEmpty || hasSuffix("\n") ? self : self + "\n"
    }
}
