import ArgumentParser

/// A placeholder until the command is built.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP trigger front. (Not implemented yet.)")

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var arguments: [String] = []

    func run() throws {
        throw notImplementedYet("serve")
    }
}
