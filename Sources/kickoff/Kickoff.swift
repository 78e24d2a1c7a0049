import ArgumentParser
import KickoffModel

struct Kickoff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kickoff",
        abstract: "Trigger data and ML pipelines over HTTP; run them in isolated worker processes on Redis.",
        version: KickoffVersion.current,
        subcommands: [
            DevCommand.self,
            ServeCommand.self,
            WorkerCommand.self,
            PoolCommand.self,
            TriggerCommand.self,
            RunsCommand.self,
            SchedulesCommand.self,
            WorkersCommand.self,
            SourcesCommand.self,
            KeysCommand.self,
            WebhooksCommand.self,
            PipelinesCommand.self,
        ]
    )
}
