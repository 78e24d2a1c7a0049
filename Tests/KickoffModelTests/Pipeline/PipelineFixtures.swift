import Foundation
@testable import KickoffModel
import Testing

/// Pipeline files for the tests, written as strings, and helpers to load them.
enum PipelineFixtures {
    /// The example of CONTRACT.md, "Pipeline file", as written there.
    static let contractExample = """
        pipelines:
          training_pipeline:
            description: Train and evaluate a classifier.
            working_directory: examples/training       # relative to the file
            env: {PYTHONUNBUFFERED: "1"}                # literal variables for every step (a step may add its own)
            inherit_env: [PATH, HOME]                   # names passed through from the worker's environment
            timeout: 30m                                # whole run
            retries: {max_attempts: 3, backoff: 5s}     # exponential from 5 s
            outputs: evaluate                           # this step's output is the run's outputs
            steps:
              load_data:
                run: [python3, steps.py, load_data]     # argv, never a shell string
                parameters:
                  data_url: {type: string, default: "s3://example-bucket/data.csv"}
              preprocess: {run: [python3, steps.py, preprocess], after: [load_data]}
              train_model:
                run: [python3, steps.py, train_model]
                after: [preprocess]
                timeout: 10m
                parameters:
                  model_type: {type: string, enum: [random_forest, gradient_boosting], default: random_forest}
              evaluate: {run: [python3, steps.py, evaluate], after: [preprocess, train_model]}
            presets:                                    # named parameter sets, like ZenML snapshots
              production: {load_data: {data_url: "s3://production-bucket/latest-data.csv"}}
            schedules:
              - {cron: "0 3 * * *", preset: production}
        """

    /// The path tests load strings as; relative working directories resolve against `/srv/kickoff`.
    static let path = "/srv/kickoff/pipelines.yaml"

    static func load(_ yaml: String) throws(PipelineFileError) -> PipelineFile {
        try PipelineFileLoader.load(yaml: yaml, path: path)
    }

    /// The one pipeline of a file that must load.
    static func pipeline(_ yaml: String) throws -> Pipeline {
        let file = try load(yaml)
        return try #require(file.pipelines.first)
    }

    /// The problems of a file that must not load as a valid file (none if it loads).
    static func diagnostics(_ yaml: String) -> [PipelineDiagnostic] {
        do {
            _ = try load(yaml)
            return []
        } catch {
            guard case .invalid(let diagnostics) = error else {
                Issue.record("expected .invalid, got \(error)")
                return []
            }
            return diagnostics
        }
    }

    /// The 1-based line of the first line of `yaml` that contains `marker`.
    static func line(of marker: String, in yaml: String, occurrence: Int = 1) -> Int {
        var seen = 0
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(marker) {
            seen += 1
            if seen == occurrence { return index + 1 }
        }
        Issue.record("marker \(marker) not in the YAML")
        return 0
    }

    /// A file with one pipeline `p` whose steps are `steps` (indented YAML under `steps:`).
    static func withSteps(_ steps: String) -> String {
        """
        pipelines:
          p:
            steps:
        \(steps.indented(6))
        """
    }
}

/// A temporary directory for tests that need real files; removed on deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kickoff-tests-\(UUID().uuidString)", isDirectory: true).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` in the directory and returns its path.
    func write(_ text: String, to name: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension String {
    func indented(_ spaces: Int) -> String {
        let padding = String(repeating: " ", count: spaces)
        return split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : padding + $0 }
            .joined(separator: "\n")
    }
}
