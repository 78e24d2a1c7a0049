import ArgumentParser

/// `kickoff runs list|show|cancel|logs`: runs as the front shows them.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List, show, cancel and purge runs, and read their logs, through the front.",
        subcommands: [RunsListCommand.self, RunsShowCommand.self, RunsCancelCommand.self, RunsLogsCommand.self, RunsPurgeCommand.self]
    )
}
