import Foundation
@testable import KickoffModel
import Testing

/// `display: {outputs: [...]}`: the output fields the dashboard shows as columns and compares.
@Suite("Pipeline display settings")
struct DisplaySettingsTests {
    private func file(_ display: String) -> String {
        """
        pipelines:
          p:
            steps: {s: {run: [x]}}
            display: \(display)
        """
    }

    private func expectProblem(_ yaml: String, at marker: String, containing message: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.line == PipelineFixtures.line(of: marker, in: yaml), "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(diagnostic.message.contains(message), "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(diagnostic.description.hasPrefix("\(PipelineFixtures.path):\(diagnostic.line): "), sourceLocation: sourceLocation)
    }

    @Test func outputsAreReadInFileOrder() throws {
        let pipeline = try PipelineFixtures.pipeline(file("{outputs: [accuracy, model_type]}"))
        #expect(pipeline.display.outputs == ["accuracy", "model_type"])
    }

    @Test func withoutDisplayThereAreNoOutputColumns() throws {
        let pipeline = try PipelineFixtures.pipeline("pipelines: {p: {steps: {s: {run: [x]}}}}")
        #expect(pipeline.display == DisplaySettings())
        #expect(try PipelineFixtures.pipeline(file("{}")).display.outputs.isEmpty)
    }

    @Test func theBlockFormReadsTheSame() throws {
        let pipeline = try PipelineFixtures.pipeline("""
            pipelines:
              p:
                steps: {s: {run: [x]}}
                display:
                  outputs:
                    - accuracy
            """)
        #expect(pipeline.display.outputs == ["accuracy"])
    }

    @Test func unknownKeyIsNamedWithItsLine() {
        let yaml = """
            pipelines:
              p:
                steps: {s: {run: [x]}}
                display:
                  output: [accuracy]
            """
        expectProblem(yaml, at: "output:", containing: "display: unknown key 'output' (did you mean 'outputs'?)")
    }

    @Test func outputsMustBeAList() {
        expectProblem(file("{outputs: accuracy}"), at: "display:", containing: "display: outputs must be a list")
    }

    @Test func displayMustBeAMapping() {
        expectProblem(file("[accuracy]"), at: "display:", containing: "display must be a mapping")
    }

    @Test func anOutputNameMustBeAValidName() {
        let yaml = """
            pipelines:
              p:
                steps: {s: {run: [x]}}
                display:
                  outputs:
                    - accuracy
                    - "a.b"
            """
        expectProblem(yaml, at: "\"a.b\"", containing: "output name 'a.b' is not valid")
    }

    @Test func anOutputNamedTwiceIsReported() {
        let yaml = """
            pipelines:
              p:
                steps: {s: {run: [x]}}
                display:
                  outputs:
                    - accuracy
                    - loss
                    - accuracy
            """
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.line == 8)
        #expect(diagnostics.first?.message.contains("outputs names 'accuracy' twice") == true)
    }

    @Test func aNestedValueIsNotAName() {
        expectProblem(file("{outputs: [{a: 1}]}"), at: "display:", containing: "display: outputs entry must be a string")
    }

    @Test func tooManyOutputsAreRefused() {
        let names = (1...11).map { "o\($0)" }.joined(separator: ", ")
        expectProblem(file("{outputs: [\(names)]}"), at: "display:", containing: "at most 10")
    }

    @Test func theExamplePipelineNamesItsOutputs() throws {
        // This file is Tests/KickoffModelTests/Pipeline/…: the repository is four levels up.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let file = try PipelineFileLoader.load(path: repository.appendingPathComponent("examples/training/pipelines.yaml").path)
        #expect(file.pipelines.first?.display.outputs == ["accuracy", "model_type"])
    }
}
