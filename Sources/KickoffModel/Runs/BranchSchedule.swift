/// Which steps of a run may start now: every step whose `after` steps all succeeded, in run order,
/// at most `maxParallel` at a time. Steps that do not depend on each other run side by side. A step
/// that fails for good stops the run from starting anything else, unless `continueOnFailure`: then
/// only what depends on it (directly or not) never starts, and independent branches go on.
public struct BranchSchedule: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        case pending, running, succeeded, failed, canceled
    }

    public let steps: [Step]
    public let maxParallel: Int?
    public let continueOnFailure: Bool
    public private(set) var status: [String: Status]
    /// Steps that failed for good, in the order they failed.
    public private(set) var failures: [String] = []
    /// Nothing more starts (a failure without `continueOnFailure`, or the run is stopping).
    public private(set) var isHalted = false

    /// - Parameter kept: steps that succeeded before (a resumed run); they count as succeeded.
    public init(steps: [Step], kept: Set<String> = [], maxParallel: Int? = nil, continueOnFailure: Bool = false) {
        self.steps = steps
        self.maxParallel = maxParallel
        self.continueOnFailure = continueOnFailure
        status = Dictionary(steps.map { ($0.name, kept.contains($0.name) ? Status.succeeded : .pending) },
                            uniquingKeysWith: { first, _ in first })
    }

    public var running: [String] { steps.map(\.name).filter { status[$0] == .running } }

    /// The steps that can start now, in run order (not yet marked running).
    public var ready: [Step] {
        guard !isHalted else { return [] }
        var room = maxParallel.map { max(0, $0 - running.count) } ?? Int.max
        var ready: [Step] = []
        for step in steps where room > 0 && status[step.name] == .pending {
            if step.after.allSatisfy({ status[$0] == .succeeded }) {
                ready.append(step)
                room -= 1
            }
        }
        return ready
    }

    public mutating func started(_ name: String) { status[name] = .running }
    public mutating func succeeded(_ name: String) { status[name] = .succeeded }

    /// A step failed for good.
    public mutating func failed(_ name: String) {
        status[name] = .failed
        failures.append(name)
        if !continueOnFailure { isHalted = true }
    }

    /// A step stopped before its end (a sibling failed, or the run is stopping).
    public mutating func canceled(_ name: String) { status[name] = .canceled }

    /// Start nothing more: the run is stopping.
    public mutating func halt() { isHalted = true }

    /// Nothing runs and nothing can start.
    public var isFinished: Bool { running.isEmpty && ready.isEmpty }

    /// Steps that never started, in run order: the run's record marks them skipped.
    public var unstarted: [String] { steps.map(\.name).filter { status[$0] == .pending } }

    /// Whether every step succeeded.
    public var allSucceeded: Bool { steps.allSatisfy { status[$0.name] == .succeeded } }
}
