import ArgumentParser

struct PipelinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipelines",
        abstract: "Look at a pipeline file locally.",
        subcommands: [PipelinesListCommand.self, PipelinesValidateCommand.self]
    )
}
