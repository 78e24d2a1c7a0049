/// One step of a pipeline: a program run as a child process once the steps in `after` succeeded.
public struct Step: Sendable, Hashable {
    /// `[A-Za-z0-9_-]{1,64}`: it becomes part of Redis keys and file paths.
    public var name: String
    /// The argv; the first element is always literal. Never passed through a shell.
    public var run: [ArgvElement]
    /// Names of the steps this one waits for.
    public var after: [String]
    public var timeout: Duration?
    /// Literal variables for this step, on top of the pipeline's.
    public var env: [String: String]
    /// The declared parameters, in file order.
    public var parameters: [ParameterSpec]
    /// How often the step is run again in place when it fails; nil: the pipeline's `retries`.
    public var retries: RetryPolicy?
    /// `isolation:` and `network:` of the step itself; nil: the pipeline's (`Pipeline.confinement(of:)`).
    public var isolation: StepIsolation?
    public var network: Bool?

    public init(
        name: String,
        run: [ArgvElement],
        after: [String] = [],
        timeout: Duration? = nil,
        env: [String: String] = [:],
        parameters: [ParameterSpec] = [],
        retries: RetryPolicy? = nil
    ) {
        self.name = name
        self.run = run
        self.after = after
        self.timeout = timeout
        self.env = env
        self.parameters = parameters
        self.retries = retries
    }

    /// The declared parameter with this name, or nil.
    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }
}
