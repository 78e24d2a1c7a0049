/// A step that has just ended, with what `record_step` would store for it: its state, the event to
/// append (`step.succeeded`, `step.failed`, …) and its logs.
public struct EndedStep: Sendable, Hashable {
    public var state: StepState
    public var event: String
    public var log: String?

    public init(state: StepState, event: String, log: String?) {
        self.state = state
        self.event = event
        self.log = log
    }
}
