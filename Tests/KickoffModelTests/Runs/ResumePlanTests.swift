import KickoffModel
import Testing

/// Where a run queued again picks up: its succeeded steps whose artifacts are at hand are kept.
@Suite struct ResumePlanTests {
    static let steps = [Step(name: "a", run: []), Step(name: "b", run: [], after: ["a"]), Step(name: "c", run: [], after: ["b"])]

    @Test func aFreshRunKeepsNothing() {
        let plan = ResumePlan(steps: Self.steps, states: Self.steps.map { StepState(name: $0.name, status: .pending) }) { _ in true }
        #expect(!plan.isResumed)
        #expect(plan.fromStep == "a")
        #expect(plan.kept.isEmpty)
    }

    @Test func succeededStepsAreKeptWithTheirOutputs() {
        let states = [StepState(name: "a", status: .succeeded, output: .integer(1)), StepState(name: "b", status: .succeeded),
                      StepState(name: "c", status: .pending)]
        let plan = ResumePlan(steps: Self.steps, states: states) { _ in true }
        #expect(plan.isResumed)
        #expect(plan.fromStep == "c")
        #expect(plan.kept == ["a": .integer(1), "b": .null])
        #expect(plan.rerun.isEmpty)
        #expect(plan.reason.contains("2 steps succeeded before"))
    }

    /// Without a's artifacts, a runs again, and so does b, which came after it.
    @Test func aStepWhoseArtifactsAreMissingRunsAgainWithItsDependants() {
        let states = [StepState(name: "a", status: .succeeded), StepState(name: "b", status: .succeeded), StepState(name: "c", status: .pending)]
        let plan = ResumePlan(steps: Self.steps, states: states) { $0 != "a" }
        #expect(plan.fromStep == "a")
        #expect(plan.kept.isEmpty)
        #expect(plan.rerun == ["a", "b"])
        #expect(plan.missingArtifacts == ["a"])
        #expect(plan.reason.contains("the artifacts of step a"))
    }
}
