/// Where a run picks up on the worker that claimed it. A step that succeeded earlier in the run
/// (before a lost worker, a drain hand-back or a retry) is kept, with its output, when its artifacts
/// are at hand (`hasArtifacts`) and every step it comes after is kept too; every other step runs.
/// A fresh run keeps nothing.
public struct ResumePlan: Sendable, Hashable {
    /// The kept steps' outputs (null for a step that wrote none), by step name.
    public var kept: [String: JSONValue]
    /// The first step, in run order, that runs; nil when every step is kept.
    public var fromStep: String?
    /// Steps recorded as succeeded that run again, because this worker lacks their artifacts (or
    /// those of a step they come after).
    public var rerun: [String]
    /// Of `rerun`, those whose own artifacts are missing.
    public var missingArtifacts: [String]

    /// - Parameters:
    ///   - steps: the pipeline's steps in run order.
    ///   - states: the run's step states as stored.
    ///   - hasArtifacts: whether this worker's artifact store holds what the step left behind.
    public init(steps: [Step], states: [StepState], hasArtifacts: (String) -> Bool) {
        let byName = Dictionary(states.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        kept = [:]
        rerun = []
        missingArtifacts = []
        fromStep = nil
        for step in steps {
            let state = byName[step.name]
            let succeeded = state?.status == .succeeded
            let hasOwn = succeeded && hasArtifacts(step.name)
            if succeeded, !hasOwn { missingArtifacts.append(step.name) }
            if hasOwn, step.after.allSatisfy({ kept[$0] != nil }) {
                kept[step.name] = state?.output ?? .null
                continue
            }
            if succeeded { rerun.append(step.name) }
            if fromStep == nil { fromStep = step.name }
        }
    }

    /// True when the run had succeeded steps: it resumes rather than starts.
    public var isResumed: Bool { !kept.isEmpty || !rerun.isEmpty }

    /// Why the run resumes where it does, in words (for the `run.resumed` event).
    public var reason: String {
        let from = fromStep.map { "at step \($0)" } ?? "with nothing left to run"
        if let missing = missingArtifacts.first {
            return "resumes \(from): the artifacts of step \(missing), which succeeded before, are not in this worker's artifact store"
        }
        if rerun.isEmpty {
            return "resumes \(from): \(kept.count) step\(kept.count == 1 ? "" : "s") succeeded before and \(kept.count == 1 ? "is" : "are") not run again"
        }
        return "resumes \(from)"
    }
}
