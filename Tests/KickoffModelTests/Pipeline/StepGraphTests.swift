@testable import KickoffModel
import Testing

@Suite("Step order")
struct StepGraphTests {
    private func step(_ name: String, after: [String] = []) -> Step {
        Step(name: name, run: [.literal("true")], after: after)
    }

    @Test func fileOrderIsKeptWhenItIsAlreadyValid() {
        let steps = [step("a"), step("b", after: ["a"]), step("c"), step("d", after: ["b", "c"])]
        #expect(StepGraph(steps: steps).topologicalOrder()?.map(\.name) == ["a", "b", "c", "d"])
    }

    @Test func stepsMoveAfterWhatTheyWaitFor() {
        let steps = [
            step("evaluate", after: ["train", "preprocess"]),
            step("train", after: ["preprocess"]),
            step("preprocess", after: ["load"]),
            step("load"),
            step("report"),
        ]
        // Among ready steps the earliest in the file goes first: `report` is ready at once but comes
        // after `load` in the file, and `load` is the only other step ready at the start.
        #expect(StepGraph(steps: steps).topologicalOrder()?.map(\.name) == ["load", "preprocess", "train", "evaluate", "report"])
    }

    @Test func independentStepsStayInFileOrder() {
        let steps = [step("c"), step("a"), step("b")]
        #expect(StepGraph(steps: steps).topologicalOrder()?.map(\.name) == ["c", "a", "b"])
    }

    @Test func diamond() {
        let steps = [step("join", after: ["left", "right"]), step("right", after: ["root"]), step("left", after: ["root"]), step("root")]
        #expect(StepGraph(steps: steps).topologicalOrder()?.map(\.name) == ["root", "right", "left", "join"])
    }

    @Test func unknownNamesInAfterAreIgnoredHere() {
        let steps = [step("a", after: ["ghost"]), step("b")]
        #expect(StepGraph(steps: steps).topologicalOrder()?.map(\.name) == ["a", "b"])
    }

    @Test func cyclesHaveNoOrderAndAreNamed() {
        let steps = [step("a"), step("b", after: ["a", "d"]), step("c", after: ["b"]), step("d", after: ["c"]), step("e", after: ["d"])]
        let graph = StepGraph(steps: steps)
        #expect(graph.topologicalOrder() == nil)
        #expect(graph.cycles() == [["b", "d", "c"]])
    }

    @Test func loadedPipelinesAreInTopologicalOrder() throws {
        let pipeline = try PipelineFixtures.pipeline(PipelineFixtures.withSteps("""
            evaluate: {run: [x], after: [train]}
            train: {run: [x], after: [load]}
            load: {run: [x]}
            """))
        #expect(pipeline.steps.map(\.name) == ["load", "train", "evaluate"])
        #expect(pipeline.outputsStep == "evaluate")
    }
}
