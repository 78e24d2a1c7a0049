import ArgumentParser

/// A placeholder until the command is built.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Create, list and revoke API keys. (Not implemented yet.)")

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var arguments: [String] = []

    func run() throws {
        throw notImplementedYet("keys")
    }
}
