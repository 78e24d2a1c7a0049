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
    /// How many times a run may lose its worker (its lease ran out) and be queued again before it
    /// fails: a lost worker costs no attempt, but a step that keeps killing its worker must stop.
    public var maxReclaims: Int
    /// Keep a succeeded run's artifacts (they are removed when it ends otherwise).
    public var keepArtifacts: Bool
    /// The most steps of a run that run at the same time; nil: as many as the graph allows.
    public var maxParallel: Int?
    /// A failed step lets the independent branches finish (the run fails at the end) instead of
    /// stopping the steps running beside it.
    public var continueOnFailure: Bool
    /// The step whose output becomes the run's outputs; nil means the last step in `steps`.
    public var outputs: String?
    /// The steps in a valid topological order: each step comes after every step it names in `after`,
    /// and among steps that are ready at the same time, file order wins.
    public var steps: [Step]
    /// preset name → step name → parameter name → value (values already checked against the steps).
    public var presets: [String: [String: [String: JSONValue]]]
    public var schedules: [ScheduleEntry]
    /// The named queue its runs wait in (`queue:`); only workers serving it claim them.
    public var queue: String = Pipeline.defaultQueue
    /// `concurrency:` rules, in file order; a run starts only with a slot of each.
    public var concurrency: [ConcurrencyRule] = []
    public var debounce: DebounceRule?
    public var fairness: FairnessRule?

    public static let defaultQueue = "default"
    /// `isolation:` (default `none`) and `network:` (default true) of every step without its own.
    public var isolation: StepIsolation = .none
    public var network: Bool = true
    /// `display:` — the output fields the dashboard shows as columns and compares first.
    public var display = DisplaySettings()

    public init(
        name: String,
        description: String? = nil,
        workingDirectory: String,
        env: [String: String] = [:],
        inheritEnv: [String] = [],
        timeout: Duration? = nil,
        retries: RetryPolicy = RetryPolicy(),
        maxReclaims: Int = Pipeline.defaultMaxReclaims,
        keepArtifacts: Bool = false,
        maxParallel: Int? = nil,
        continueOnFailure: Bool = false,
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
        self.maxReclaims = maxReclaims
        self.keepArtifacts = keepArtifacts
        self.maxParallel = maxParallel
        self.continueOnFailure = continueOnFailure
        self.outputs = outputs
        self.steps = steps
        self.presets = presets
        self.schedules = schedules
    }

    public static let defaultMaxReclaims = 3

    /// The retry policy of a step: its own, else the pipeline's.
    public func retries(of step: Step) -> RetryPolicy {
        step.retries ?? retries
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
