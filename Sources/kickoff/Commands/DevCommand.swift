import ArgumentParser

/// A placeholder until the command is built.
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run the whole system locally: Redis, the front, workers, the example pipelines. (Not implemented yet.)"
    )

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var arguments: [String] = []

    func run() throws {
        throw notImplementedYet("dev")
    }
}
