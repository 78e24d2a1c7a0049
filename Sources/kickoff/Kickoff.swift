import ArgumentParser

struct Kickoff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kickoff",
        abstract: "Trigger data and ML pipelines over HTTP; run them in isolated worker processes on Redis.",
        subcommands: [
            DevCommand.self,
            ServeCommand.self,
            WorkerCommand.self,
            PoolCommand.self,
            TriggerCommand.self,
            RunsCommand.self,
            SchedulesCommand.self,
            KeysCommand.self,
            WebhooksCommand.self,
            PipelinesCommand.self,
        ]
    )
}
