import ArgumentParser

/// A placeholder until the command is built.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List, show, cancel runs and read their logs. (Not implemented yet.)")

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var arguments: [String] = []

    func run() throws {
        throw notImplementedYet("runs")
    }
}
