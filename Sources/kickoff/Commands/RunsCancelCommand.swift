import ArgumentParser
import KickoffModel

/// `kickoff runs cancel ID`: a queued run is canceled at once; a running one is stopped by its
/// worker within a heartbeat.
struct RunsCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a queued or running run.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The run's id (upper case is read as lower case).", transform: RunIDArgument.normalized)
    var id: String

    func run() async throws {
        try await client.withAPIClient { api in
            let run = try await api.cancel(id: id)
            if run.status == .canceled {
                StandardOutput.write("canceled \(run.id)\n")
            } else {
                StandardOutput.write("cancel requested for \(run.id) (\(run.status.rawValue)); its worker stops the running step\n")
            }
        }
    }
}
