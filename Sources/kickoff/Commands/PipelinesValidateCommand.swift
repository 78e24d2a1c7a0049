import ArgumentParser
import Foundation
import KickoffModel

struct PipelinesValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline file: print every problem as FILE:LINE: message and exit 1, or exit 0."
    )

    @Argument(help: "The pipeline file.")
    var file: String

    func run() throws {
        do {
            let pipelineFile = try PipelineFileLoader.load(path: file)
            print("\(file): ok (\(pipelineFile.pipelines.count) pipelines)")
        } catch {
            // The same lines as PipelineFileLoader.validate(path:); loading keeps the count for "ok".
            FileHandle.standardError.write(Data(error.lines.map { $0 + "\n" }.joined().utf8))
            throw ExitCode(1)
        }
    }
}
