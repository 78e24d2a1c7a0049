import ArgumentParser
import Foundation
import KickoffWorker

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one worker: claim runs from Redis one at a time and run their steps."
    )

    @OptionGroup var shared: SharedOptions
    @OptionGroup var worker: WorkerArguments
    @OptionGroup var retention: RetentionArguments

    func run() throws {
        let settings = try shared.settingsWithLogging { retention.apply(to: &$0) }
        let options = try worker.options(environment: ProcessInfo.processInfo.environment)
        let status = try runWorker(options: options, settings: settings)
        if status != 0 {
            throw ExitCode(status)
        }
    }
}
