import ArgumentParser

/// `kickoff runs list|show|cancel|logs|purge|retry`: runs as the front shows them.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List, show, cancel, retry and purge runs, and read their logs, through the front.",
        subcommands: [RunsListCommand.self, RunsShowCommand.self, RunsCancelCommand.self, RunsLogsCommand.self, RunsPurgeCommand.self,
                      RunsRetryCommand.self]
    )
}
