import KickoffModel
import Testing

/// Which steps of a run start when: the graph, `max_parallel`, a failure, `continue_on_failure`.
@Suite struct BranchScheduleTests {
    /// prepare → (left, right) → join; `lonely` depends on nothing.
    static let steps = [
        Step(name: "prepare", run: []),
        Step(name: "left", run: [], after: ["prepare"]),
        Step(name: "right", run: [], after: ["prepare"]),
        Step(name: "join", run: [], after: ["left", "right"]),
        Step(name: "lonely", run: []),
    ]

    @Test func independentStepsAreReadyTogether() {
        var schedule = BranchSchedule(steps: Self.steps)
        #expect(schedule.ready.map(\.name) == ["prepare", "lonely"])
        schedule.started("prepare")
        schedule.started("lonely")
        #expect(schedule.ready.isEmpty)
        schedule.succeeded("prepare")
        #expect(schedule.ready.map(\.name) == ["left", "right"])
        schedule.started("left")
        schedule.started("right")
        schedule.succeeded("left")
        #expect(schedule.ready.isEmpty, "join waits for right too")
        schedule.succeeded("right")
        schedule.succeeded("lonely")
        #expect(schedule.ready.map(\.name) == ["join"])
        schedule.started("join")
        schedule.succeeded("join")
        #expect(schedule.isFinished && schedule.allSucceeded)
    }

    @Test func maxParallelBoundsWhatRunsAtOnce() {
        var schedule = BranchSchedule(steps: Self.steps, maxParallel: 1)
        #expect(schedule.ready.map(\.name) == ["prepare"])
        schedule.started("prepare")
        #expect(schedule.ready.isEmpty)
        schedule.succeeded("prepare")
        #expect(schedule.ready.map(\.name) == ["left"])
    }

    @Test func aFailureHaltsTheRunAndLeavesTheRestUnstarted() {
        var schedule = BranchSchedule(steps: Self.steps)
        schedule.started("prepare")
        schedule.started("lonely")
        schedule.failed("prepare")
        #expect(schedule.isHalted)
        #expect(schedule.ready.isEmpty)
        schedule.canceled("lonely")
        #expect(schedule.isFinished)
        #expect(schedule.unstarted == ["left", "right", "join"])
        #expect(schedule.failures == ["prepare"])
    }

    @Test func continueOnFailureLetsIndependentBranchesFinish() {
        var schedule = BranchSchedule(steps: Self.steps, continueOnFailure: true)
        schedule.started("prepare")
        schedule.succeeded("prepare")
        schedule.started("left")
        schedule.started("right")
        schedule.started("lonely")
        schedule.failed("left")
        #expect(!schedule.isHalted)
        schedule.succeeded("right")
        #expect(schedule.ready.isEmpty, "join depends on the failed step")
        schedule.succeeded("lonely")
        #expect(schedule.isFinished)
        #expect(schedule.unstarted == ["join"])
    }

    @Test func keptStepsCountAsSucceeded() {
        let schedule = BranchSchedule(steps: Self.steps, kept: ["prepare", "left"])
        #expect(schedule.ready.map(\.name) == ["right", "lonely"])
    }
}
