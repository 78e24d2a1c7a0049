/// How a step's process is kept apart from the rest of the machine (`isolation:` of a pipeline or a
/// step; a step's own wins).
public enum StepIsolation: String, Sendable, Hashable, CaseIterable {
    /// A child process of the worker, as the worker's user: it sees what that user sees.
    case none
    /// In a bubblewrap sandbox (`bwrap`): its own PID namespace (it sees only its own processes), a
    /// private `/tmp`, the file system read-only except its run's directory and the working
    /// directory, no view of the worker's data directory (other runs); the network unless
    /// `network: false`.
    case sandbox
}

/// What a step runs in: its isolation and whether it may use the network.
public struct StepConfinement: Sendable, Hashable {
    public var isolation: StepIsolation
    /// False: a network namespace of its own with only a loopback interface (needs `sandbox`).
    public var network: Bool

    public init(isolation: StepIsolation = .none, network: Bool = true) {
        self.isolation = isolation
        self.network = network
    }
}

extension Pipeline {
    /// The step's confinement: its own `isolation` and `network`, else the pipeline's.
    public func confinement(of step: Step) -> StepConfinement {
        StepConfinement(isolation: step.isolation ?? isolation, network: step.network ?? network)
    }
}
