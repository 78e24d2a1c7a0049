/// Everything needed to run one step as a child process. A value: build it, then hand it to `StepRunner`.
public struct StepProcessSpec: Sendable, Hashable {
    /// The program and its arguments, passed verbatim (never through a shell). `argv[0]` containing a `/`
    /// is a path, relative ones resolved against `workingDirectory`; otherwise it is looked up in the
    /// `PATH` of `environment`, or in `StepProcessSpec.defaultSearchPath` when that has no `PATH`.
    public var argv: [String]
    /// The child's working directory; a relative one is taken relative to the worker's own.
    public var workingDirectory: String
    /// The complete environment of the child: nothing is inherited from the worker implicitly.
    public var environment: [String: String]
    /// stdout and stderr are both appended to this file, in the order written; created with mode 0600.
    public var logPath: String
    /// After this long the step's process group gets SIGTERM, then SIGKILL after `killGrace`.
    public var timeout: Duration?
    /// Time between SIGTERM and SIGKILL, on timeout or cancel.
    public var killGrace: Duration
    /// Run inside bubblewrap (`isolation: sandbox`); nil: a plain child process.
    public var sandbox: StepSandbox?

    /// Searched when the child's environment has no `PATH`.
    public static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    public init(
        argv: [String],
        workingDirectory: String,
        environment: [String: String],
        logPath: String,
        timeout: Duration? = nil,
        killGrace: Duration = .seconds(10)
    ) {
        self.argv = argv
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.logPath = logPath
        self.timeout = timeout
        self.killGrace = killGrace
    }

    /// `argv[0]`, for error messages; empty when `argv` is.
    var program: String { argv.first ?? "" }
}
