import ArgumentParser
import Foundation
import KickoffModel

struct PipelinesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the pipelines of a file (or, with --remote, of a running front) with their steps and parameters."
    )

    @Option(help: ArgumentHelp("The pipeline file (default: $KICKOFF_PIPELINES, else pipelines.yaml).", valueName: "file"))
    var pipelines: String?

    @OptionGroup(title: "With --remote") var client: ClientOptions

    @Flag(help: "Ask the front (GET /v1/pipelines) instead of reading a file.")
    var remote = false

    @Argument(help: "The pipeline file (default: --pipelines, $KICKOFF_PIPELINES, else pipelines.yaml).")
    var file: String?

    func validate() throws {
        if remote, file != nil { throw ValidationError("give either a pipeline file or --remote, not both") }
    }

    func run() async throws {
        if remote {
            try await client.withAPIClient { api in
                StandardOutput.write(Self.remoteTable(try await api.pipelines()))
            }
            return
        }
        let settings = try Settings(environment: ProcessInfo.processInfo.environment, overrides: SettingsOverrides(pipelines: pipelines))
        let path = file ?? settings.pipelines
        do {
            print(PipelineTable.render(try PipelineFileLoader.load(path: path)), terminator: "")
        } catch {
            FileHandle.standardError.write(Data(error.lines.map { $0 + "\n" }.joined().utf8))
            throw ExitCode(1)
        }
    }

    /// One row per step: pipeline, step, what it runs after, its parameters (`name: type = default`).
    static func remoteTable(_ pipelines: [RemotePipeline]) -> String {
        var rows = [["PIPELINE", "STEP", "AFTER", "PARAMETERS"]]
        for pipeline in pipelines.sorted(by: { $0.name < $1.name }) {
            for (index, step) in pipeline.steps.enumerated() {
                let parameters = (step.parameters ?? [:]).sorted { $0.key < $1.key }.map { name, parameter in
                    "\(name): \(parameter.type)" + (parameter.default.map { " = \($0.preview)" } ?? (parameter.required == true ? " (required)" : ""))
                }
                rows.append([index == 0 ? pipeline.name : "", step.name, (step.after ?? []).joined(separator: ","),
                             parameters.joined(separator: ", ")])
            }
        }
        return TextTable(rows: rows).render()
    }
}
