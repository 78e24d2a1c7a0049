import ArgumentParser
import KickoffModel

/// `kickoff runs cancel ID`: a queued run is canceled at once; a running one is stopped by its
/// worker: the running step within a heartbeat, and no further step starts.
struct RunsCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a queued or running run.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The run's id (upper case is read as lower case).", transform: RunIDArgument.normalized)
    var id: String

    func run() async throws {
        try await client.withAPIClient { api in
            let answer = try await api.cancel(id: id)
            StandardOutput.write(Self.message(answer))
        }
    }

    /// What the cancel did, from the answer's `cancel` (a front older than it: from the run's status).
    static func message(_ answer: CancelAnswer) -> String {
        let run = answer.run
        switch answer.cancel ?? (run.status == .canceled ? .immediate : .requested) {
        case .immediate:
            return "canceled \(run.id) at once: it was still queued (or scheduled) and no step had started\n"
        case .requested:
            return "cancel requested for \(run.id) (running): its worker stops the running step within a heartbeat and starts "
                + "no further step; the run ends canceled (succeeded if its last step finishes first)\n"
        }
    }
}
