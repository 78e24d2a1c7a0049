import Foundation
@testable import KickoffModel
import Testing

/// `queue`, `concurrency`, `debounce` and `fairness` in the pipeline file.
@Suite struct FlowRuleTests {
    static let valid = """
        pipelines:
          train:
            queue: gpu
            concurrency:
              - {limit: 4}
              - {key: "model-{{model}}", limit: 1, on_limit: cancel_running}
            debounce: {key: "{{model}}", window: 30s, max_wait: 5m}
            fairness: {key: "{{tenant}}"}
            steps:
              fit:
                run: [python3, fit.py]
                parameters:
                  model: {type: string}
                  tenant: {type: string, default: acme}
        """

    @Test func theRulesAreRead() throws {
        let pipeline = try PipelineFixtures.pipeline(Self.valid)
        #expect(pipeline.queue == "gpu")
        #expect(pipeline.concurrency.map(\.limit) == [4, 1])
        #expect(pipeline.concurrency[1].onLimit == .cancelRunning)
        #expect(pipeline.debounce?.window == .seconds(30))
        #expect(pipeline.debounce?.maxWait == .seconds(300))
        let parameters: ResolvedParameters = ["fit": ["model": .string("resnet"), "tenant": .string("acme")]]
        #expect(pipeline.concurrencySlots(parameters).map(\.slot) == ["train:0:", "train:1:model-resnet"])
        #expect(pipeline.debounceSlot(parameters)?.slot == "train:resnet")
        #expect(pipeline.fairnessGroup(parameters) == "param:acme")
        let run = NewRun(pipeline: pipeline, parameters: parameters)
        #expect(run.queue == "gpu" && run.fairness == "param:acme" && run.concurrency.count == 2 && run.debounce != nil)
    }

    @Test func aPipelineWithoutRulesIsInTheDefaultQueue() throws {
        let pipeline = try PipelineFixtures.pipeline("pipelines:\n  p: {steps: {s: {run: [x]}}}\n")
        #expect(pipeline.queue == "default")
        #expect(pipeline.concurrency.isEmpty && pipeline.debounce == nil && pipeline.fairness == nil)
    }

    private func expectProblem(_ yaml: String, at marker: String, containing message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.line == PipelineFixtures.line(of: marker, in: yaml), "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(diagnostic.message.contains(message), "\(diagnostic)", sourceLocation: sourceLocation)
        #expect(diagnostic.description.hasPrefix("\(PipelineFixtures.path):\(diagnostic.line): "), sourceLocation: sourceLocation)
    }

    @Test func anUnknownParameterInAKeyTemplateIsNamedWithItsLine() {
        expectProblem(Self.valid.replacingOccurrences(of: "model-{{model}}", with: "model-{{modle}}"), at: "modle",
                      containing: "names the parameter 'modle', which no step of the pipeline declares (did you mean 'model'?)")
        expectProblem(Self.valid.replacingOccurrences(of: "{key: \"{{tenant}}\"}", with: "{key: \"{{org}}\"}"), at: "{{org}}",
                      containing: "fairness: key names the parameter 'org'")
    }

    @Test func aLimitBelowOneIsRefused() {
        expectProblem(Self.valid.replacingOccurrences(of: "{limit: 4}", with: "{limit: 0}"), at: "{limit: 0}",
                      containing: "concurrency rule 1: limit must be between 1 and")
    }

    @Test func aWindowLongerThanMaxWaitIsRefused() {
        expectProblem(Self.valid.replacingOccurrences(of: "max_wait: 5m", with: "max_wait: 10s"), at: "max_wait: 10s",
                      containing: "max_wait (10s) must not be shorter than window (30s)")
    }

    @Test func badQueueNamesAndOnLimitWordsAreRefused() {
        expectProblem(Self.valid.replacingOccurrences(of: "queue: gpu", with: "queue: \"gpu farm\""), at: "gpu farm", containing: "queue name 'gpu farm' is not valid")
        expectProblem(Self.valid.replacingOccurrences(of: "cancel_running", with: "replace"), at: "replace",
                      containing: "on_limit must be one of queue, cancel_running, skip, not 'replace'")
    }
}
