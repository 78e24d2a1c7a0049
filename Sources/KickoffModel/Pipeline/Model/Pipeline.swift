/// One pipeline of the file: its steps, how they run, and the named parameter sets that trigger it.
public struct Pipeline: Sendable, Hashable {
    /// `[A-Za-z0-9_-]{1,64}`: it becomes part of Redis keys and file paths.
    public var name: String
    public var description: String?
    /// An absolute path; relative paths in the file are resolved against the file's directory.
    public var workingDirectory: String
    /// Literal variables for every step (a step's own `env` wins).
    public var env: [String: String]
    /// Names passed through from the worker's environment.
    public var inheritEnv: [String]
    /// Limit for the whole run; nil means no limit.
    public var timeout: Duration?
    public var retries: RetryPolicy
    /// The step whose output becomes the run's outputs; nil means the last step in `steps`.
    public var outputs: String?
    /// The steps in a valid topological order: each step comes after every step it names in `after`,
    /// and among steps that are ready at the same time, file order wins.
    public var steps: [Step]
    /// preset name → step name → parameter name → value (values already checked against the steps).
    public var presets: [String: [String: [String: JSONValue]]]
    public var schedules: [ScheduleEntry]
    /// `isolation:` (default `none`) and `network:` (default true) of every step without its own.
    public var isolation: StepIsolation = .none
    public var network: Bool = true

    public init(
        name: String,
        description: String? = nil,
        workingDirectory: String,
        env: [String: String] = [:],
        inheritEnv: [String] = [],
        timeout: Duration? = nil,
        retries: RetryPolicy = RetryPolicy(),
        outputs: String? = nil,
        steps: [Step],
        presets: [String: [String: [String: JSONValue]]] = [:],
        schedules: [ScheduleEntry] = []
    ) {
        self.name = name
        self.description = description
        self.workingDirectory = workingDirectory
        self.env = env
        self.inheritEnv = inheritEnv
        self.timeout = timeout
        self.retries = retries
        self.outputs = outputs
        self.steps = steps
        self.presets = presets
        self.schedules = schedules
    }

    /// The step with this name, or nil.
    public func step(named name: String) -> Step? {
        steps.first { $0.name == name }
    }

    /// The name of the step whose output is the run's outputs: `outputs`, else the last step.
    public var outputsStep: String? {
        outputs ?? steps.last?.name
    }
}
