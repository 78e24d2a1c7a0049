import ArgumentParser

struct PipelinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipelines",
        abstract: "Look at pipelines: a file's, or with `list --remote` a running front's.",
        subcommands: [PipelinesListCommand.self, PipelinesValidateCommand.self]
    )
}
