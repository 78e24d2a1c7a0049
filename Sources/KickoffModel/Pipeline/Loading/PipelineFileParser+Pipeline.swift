import Foundation
import Yams

extension PipelineFileParser {
    static let pipelineKeys = [
        "description", "working_directory", "env", "inherit_env", "timeout", "retries", "outputs", "steps",
        "presets", "schedules", "queue", "concurrency", "debounce", "fairness",
        "max_reclaims", "keep_artifacts", "max_parallel", "continue_on_failure", "isolation", "network",
        "display",
    ]

    /// One pipeline, or nil when it is too broken to build (the problems are reported).
    mutating func parsePipeline(named name: String, _ node: Node, keyNode: Node) -> Pipeline? {
        let what = "pipeline '\(name)'"
        let problemsBefore = diagnostics.count
        guard let entries = entries(of: node, what, allowedKeys: Self.pipelineKeys) else { return nil }

        let description = entries["description"].flatMap { text($0, "\(what): description") }
        let workingDirectory = entries["working_directory"]
            .flatMap { text($0, "\(what): working_directory") }
            .map { resolvePath($0) } ?? directory
        let env = entries["env"].map { environment($0, "\(what): env") } ?? [:]
        let inheritEnv = entries["inherit_env"].map { environmentNames($0, "\(what): inherit_env") } ?? []
        let timeout = entries["timeout"].flatMap { duration($0, "\(what): timeout") }
        let retries = entries["retries"].map { parseRetries($0, what) } ?? RetryPolicy()
        let maxReclaims = entries["max_reclaims"].flatMap { integer($0, "\(what): max_reclaims", in: 0...100) }
            ?? Pipeline.defaultMaxReclaims
        let keepArtifacts = entries["keep_artifacts"].flatMap { bool($0, "\(what): keep_artifacts") } ?? false
        let maxParallel = entries["max_parallel"].flatMap { integer($0, "\(what): max_parallel", in: 1...1000) }
        let continueOnFailure = entries["continue_on_failure"].flatMap { bool($0, "\(what): continue_on_failure") } ?? false

        guard let stepsNode = entries["steps"] else {
            report("\(what) has no 'steps'", at: keyNode)
            return nil
        }
        let steps = parseSteps(stepsNode, what)

        let outputs = entries["outputs"].flatMap { outputsNode -> String? in
            guard let outputs = text(outputsNode, "\(what): outputs") else { return nil }
            if steps.allNames.contains(outputs) { return outputs }
            let hint = KeySuggestion.closest(to: outputs, among: Array(steps.allNames)).map { " (did you mean '\($0)'?)" } ?? ""
            report("\(what): outputs names the step '\(outputs)', which the pipeline does not have\(hint)", at: outputsNode)
            return nil
        }

        var pipeline = Pipeline(
            name: name,
            description: description,
            workingDirectory: workingDirectory,
            env: env,
            inheritEnv: inheritEnv,
            timeout: timeout,
            retries: retries,
            maxReclaims: maxReclaims,
            keepArtifacts: keepArtifacts,
            maxParallel: maxParallel,
            continueOnFailure: continueOnFailure,
            outputs: outputs,
            steps: steps.ordered
        )
        parseFlow(entries, into: &pipeline, what)
        pipeline.isolation = entries["isolation"].flatMap { isolation($0, "\(what): isolation") } ?? .none
        pipeline.network = entries["network"].flatMap { bool($0, "\(what): network") } ?? true
        pipeline.display = entries["display"].map { parseDisplay($0, what) } ?? DisplaySettings()
        checkConfinement(of: pipeline, networkNode: entries["network"], stepsNode: stepsNode, what)
        pipeline.presets = entries["presets"].map { parsePresets($0, of: pipeline, steps: steps, what) } ?? [:]
        // Resolving the schedules' values in a pipeline with other problems would only repeat them.
        let checkValues = diagnostics.count == problemsBefore
        pipeline.schedules = entries["schedules"].map {
            parseSchedules($0, of: pipeline, checkValues: checkValues, what)
        } ?? []
        return pipeline
    }

    /// An absolute path: `path` itself, or `path` relative to the file's directory.
    func resolvePath(_ path: String) -> String {
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
    }
}
