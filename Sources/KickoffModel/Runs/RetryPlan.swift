/// Where a retry of a finished run starts (`POST /v1/runs/{id}/retry`, its `from`).
public enum RetryFrom: Sendable, Hashable {
    /// The first step, in run order, that did not succeed.
    case failed
    /// The first step: nothing is reused.
    case start
    case step(String)

    /// `failed`, `start`, or a step's name.
    public init(_ text: String) {
        switch text {
        case "failed": self = .failed
        case "start": self = .start
        default: self = .step(text)
        }
    }
}

/// A retry of a finished run: the step it starts at, and the steps before it (in run order), taken
/// over from the original with their outputs (and, by the worker, their artifacts): `succeeded`,
/// `reused: true`.
public struct RetryPlan: Sendable, Hashable {
    public var fromStep: String
    public var reused: [StepState]

    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// The original has not finished (409).
        case notFinished(id: String, status: RunStatus)
        /// `from: failed` of a run whose steps all succeeded.
        case noFailedStep(id: String)
        case unknownStep(String, known: [String])
        /// A step before `from` did not succeed in the original: there is nothing to reuse.
        case notSucceeded(step: String, status: StepState.Status)
        /// The original succeeded and its artifacts were removed then (`keep_artifacts` is false).
        case artifactsRemoved(id: String)

        public var description: String {
            switch self {
            case .notFinished(let id, let status):
                "run \(id) is still \(status.rawValue); it can be retried once it has finished"
            case .noFailedStep(let id):
                "every step of run \(id) succeeded; retry it from \"start\" or from a step"
            case .unknownStep(let name, let known):
                "'\(name)' is not \"failed\", \"start\" or a step of the pipeline; its steps are \(known.joined(separator: ", "))"
            case .notSucceeded(let step, let status):
                "step \(step), before the one to retry from, did not succeed in the original run (it is \(status.rawValue)); retry from it or before it"
            case .artifactsRemoved(let id):
                "the artifacts of run \(id) were removed when it succeeded (its pipeline does not set keep_artifacts: true); retry it from \"start\""
            }
        }
    }

    public static func plan(original: RunRecord, pipeline: Pipeline, from: RetryFrom) -> Result<RetryPlan, Refusal> {
        guard original.status.isFinal else { return .failure(.notFinished(id: original.id, status: original.status)) }
        let states = Dictionary(original.steps.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = pipeline.steps.map(\.name)
        guard let first = names.first else { return .failure(.unknownStep("start", known: [])) }
        let fromStep: String
        switch from {
        case .start:
            fromStep = first
        case .failed:
            guard let failed = names.first(where: { states[$0]?.status != .succeeded }) else {
                return .failure(.noFailedStep(id: original.id))
            }
            fromStep = failed
        case .step(let name):
            guard names.contains(name) else { return .failure(.unknownStep(name, known: names)) }
            fromStep = name
        }
        var reused: [StepState] = []
        for name in names.prefix(while: { $0 != fromStep }) {
            guard let state = states[name], state.status == .succeeded else {
                return .failure(.notSucceeded(step: name, status: states[name]?.status ?? .pending))
            }
            reused.append(StepState(name: name, status: .succeeded, startedAt: state.startedAt, finishedAt: state.finishedAt,
                                    exitCode: state.exitCode, output: state.output, reused: true))
        }
        if !reused.isEmpty, original.status == .succeeded, !pipeline.keepArtifacts {
            return .failure(.artifactsRemoved(id: original.id))
        }
        return .success(RetryPlan(fromStep: fromStep, reused: reused))
    }
}
