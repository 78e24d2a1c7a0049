import ArgumentParser
import Foundation
import KickoffCore

struct PipelinesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the pipelines of a file with their steps and parameters."
    )

    @OptionGroup var shared: SharedOptions

    @Argument(help: "The pipeline file (default: --pipelines, $KICKOFF_PIPELINES, else pipelines.yaml).")
    var file: String?

    func run() throws {
        let settings = try shared.settingsWithLogging()
        let path = file ?? settings.pipelines
        do {
            print(PipelineTable.render(try PipelineFileLoader.load(path: path)), terminator: "")
        } catch {
            FileHandle.standardError.write(Data(error.lines.map { $0 + "\n" }.joined().utf8))
            throw ExitCode(1)
        }
    }
}
