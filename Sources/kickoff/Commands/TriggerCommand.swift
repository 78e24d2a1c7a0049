import ArgumentParser
import Foundation
import KickoffModel

/// `kickoff trigger PIPELINE -p [step.]name=value … [--wait]`: starts a run through the front's
/// `POST /v1/pipelines/{name}/runs` and prints its id; with `--wait`, follows it to the end.
struct TriggerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger",
        abstract: "Trigger a pipeline run through the front.",
        discussion: """
        Prints the run's id. With --wait, shows each step as it starts and ends (a live line on a
        terminal, plain lines otherwise), then the run's final status and outputs as JSON.

        Values given with -p are read as JSON when they parse as JSON (5, 0.1, true, {"a":1}),
        else taken as strings: -p model_type=gradient_boosting. Quote to force a string: -p 'v="1.10"'.

        Exit status: 0 triggered (with --wait: the run succeeded); 1 the run failed, or the front
        refused the request (its problem is printed) or could not be reached; 2 the run was canceled.
        """
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The pipeline to run.")
    var pipeline: String

    @Option(name: [.customShort("p"), .customLong("param")],
            help: ArgumentHelp("A parameter for every step that declares it (name=value), or for one step (step.name=value). Repeatable.",
                               valueName: "[step.]name=value"))
    var parameters: [String] = []

    @Option(help: ArgumentHelp("A named parameter set of the pipeline file.", valueName: "name"))
    var preset: String?

    @Option(help: ArgumentHelp("high, normal or low.", valueName: "priority"))
    var priority: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag for the run. Repeatable.", valueName: "tag"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("Where to POST the signed webhook when the run ends.", valueName: "url"))
    var callbackURL: String?

    @Flag(help: "Follow the run to its end; the exit status tells how it ended.")
    var wait = false

    func validate() throws {
        do {
            _ = try TriggerParameters(arguments: parameters)
        } catch {
            throw ValidationError(error.description)
        }
        if let priority, RunPriority(rawValue: priority) == nil {
            throw ValidationError("--priority must be high, normal or low, not '\(priority)'")
        }
    }

    func run() async throws {
        let body = try requestBody()
        try await client.withAPIClient { api in
            let run = try await api.trigger(pipeline: pipeline, body: body)
            StandardOutput.write(run.id + "\n")
            guard wait else { return }
            let final = try await RunWatcher(client: api, live: StandardOutput.isTerminal).watch(run)
            StandardOutput.write(RunSummary.json(final) + "\n")
            switch final.status {
            case .succeeded: return
            case .canceled: throw ExitCode(2)
            default: throw ExitCode.failure
            }
        }
    }

    /// The trigger body: `{"parameters","steps","preset","callback_url","tags","priority"}`, empty fields left out.
    func requestBody() throws -> JSONValue {
        let values = try TriggerParameters(arguments: parameters)
        var body: [String: JSONValue] = [:]
        if !values.parameters.isEmpty { body["parameters"] = .object(values.parameters) }
        if !values.steps.isEmpty {
            body["steps"] = .object(values.steps.mapValues { .object(["parameters": .object($0)]) })
        }
        if let preset { body["preset"] = .string(preset) }
        if let callbackURL { body["callback_url"] = .string(callbackURL) }
        if !tags.isEmpty { body["tags"] = .array(tags.map(JSONValue.string)) }
        if let priority { body["priority"] = .string(priority) }
        return .object(body)
    }
}
