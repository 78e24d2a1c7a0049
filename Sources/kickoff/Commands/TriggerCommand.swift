import ArgumentParser

/// A placeholder until the command is built.
struct TriggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trigger", abstract: "Trigger a pipeline run through the front. (Not implemented yet.)")

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var arguments: [String] = []

    func run() throws {
        throw notImplementedYet("trigger")
    }
}
