/// A run about to be enqueued: everything the trigger decided, already validated.
public struct NewRun: Sendable, Hashable {
    public var id: String
    public var pipeline: String
    /// step → parameter → value, every step present.
    public var parameters: [String: [String: JSONValue]]
    /// The steps in run order.
    public var stepNames: [String]
    public var priority: RunPriority
    public var delay: Duration
    public var maxAttempts: Int
    /// How many lost workers the run survives (see `Pipeline.maxReclaims`).
    public var maxReclaims: Int = Pipeline.defaultMaxReclaims
    /// A retry (`POST /v1/runs/{id}/retry`): the run it retries, and the steps taken over from it
    /// (succeeded, `reused`, with their outputs), stored with the run.
    public var retryOf: String?
    public var reusedSteps: [StepState] = []
    public var tags: [String]
    public var callbackURL: String?
    /// The schedule and tick that made this run; nil for a trigger.
    public var origin: ScheduleOrigin?
    /// The named queue it waits in (its pipeline's `queue`).
    public var queue: String = Pipeline.defaultQueue
    /// Its fairness group: the pipeline's `fairness` key value (`param:<value>`), else who triggered
    /// it (`key:<API key name>`, `schedule:<name>`); empty: one group for all.
    public var fairness: String = ""
    /// The concurrency slots it needs before it may be claimed.
    public var concurrency: [ConcurrencySlot] = []
    /// Set when its pipeline debounces: triggers with the same slot become one run.
    public var debounce: DebounceSlot?
    /// Who or what started the run (the run object's `trigger`); nil reads as `api`.
    public var trigger: RunTrigger?
    /// The run's W3C trace context: the caller's trace (or a new one), under the trigger's span;
    /// carried on to the steps (`TRACEPARENT`) and the webhooks (`traceparent`).
    public var trace: TraceContext?

    public init(id: String = RunID.make(), pipeline: String, parameters: [String: [String: JSONValue]], stepNames: [String],
                priority: RunPriority = .normal, delay: Duration = .zero, maxAttempts: Int = 1,
                tags: [String] = [], callbackURL: String? = nil) {
        self.id = id
        self.pipeline = pipeline
        self.parameters = parameters
        self.stepNames = stepNames
        self.priority = priority
        self.delay = delay
        self.maxAttempts = maxAttempts
        self.tags = tags
        self.callbackURL = callbackURL
    }

    /// A run of `pipeline` with parameters resolved from the trigger's values.
    public init(pipeline: Pipeline, parameters: ResolvedParameters, priority: RunPriority = .normal,
                delay: Duration = .zero, tags: [String] = [], callbackURL: String? = nil) {
        self.init(pipeline: pipeline.name, parameters: parameters, stepNames: pipeline.steps.map(\.name),
                  priority: priority, delay: delay, maxAttempts: pipeline.retries.maxAttempts,
                  tags: tags, callbackURL: callbackURL)
        queue = pipeline.queue
        fairness = pipeline.fairnessGroup(parameters) ?? ""
        concurrency = pipeline.concurrencySlots(parameters)
        debounce = pipeline.debounceSlot(parameters)
        maxReclaims = pipeline.maxReclaims
    }

    /// The record exactly as the enqueue script stores it, built from the values themselves (no
    /// round trip through the stored text: that was most of a trigger's CPU time).
    public func record(status: RunStatus, createdAt: Int64) -> RunRecord {
        var record = RunRecord(
            id: id, pipeline: pipeline, status: status, priority: priority, parameters: parameters,
            steps: stepNames.map { name in reusedSteps.first { $0.name == name } ?? StepState(name: name, status: .pending) },
            maxAttempts: max(1, maxAttempts), createdAt: createdAt, notBefore: delay > .zero ? createdAt + delay.milliseconds : nil,
            tags: tags, callbackURL: callbackURL, maxReclaims: maxReclaims)
        record.retryOf = retryOf
        record.queue = queue
        record.trigger = trigger ?? RunRecord.impliedTrigger(schedule: origin?.schedule)
        record.trace = trace
        return record
    }

    /// The hash fields the enqueue script stores (besides id, status, created_at and attempt).
    public var recordFields: [String] {
        var fields = [
            "pipeline", pipeline,
            "priority", priority.rawValue,
            "parameters", JSONValue.object(parameters.mapValues { .object($0) }).jsonString(),
            "step_names", JSONValue.array(stepNames.map { .string($0) }).jsonString(),
            "max_attempts", String(max(1, maxAttempts)),
            "max_reclaims", String(max(0, maxReclaims)),
            "tags", JSONValue.array(tags.map { .string($0) }).jsonString(),
        ]
        if let callbackURL { fields += ["callback_url", callbackURL] }
        fields += ["queue", queue, "fairness", fairness]
        if !concurrency.isEmpty { fields += ["concurrency", JSONValue.array(concurrency.map(\.jsonValue)).jsonString()] }
        if let debounce {
            fields += ["debounce_slot", debounce.slot, "debounce_window", String(debounce.window.milliseconds),
                       "debounce_max_wait", String(debounce.maxWait.milliseconds)]
        }
        if let retryOf { fields += ["retry_of", retryOf] }
        for step in reusedSteps { fields += ["step:" + step.name, step.jsonString()] }
        if let origin {
            fields += ["schedule", origin.schedule, "schedule_tick", String(origin.tick), "schedule_misfire", origin.misfire ? "1" : "0"]
        }
        if let trigger { fields += ["trigger", trigger.storedText] }
        if let trace {
            fields += ["traceparent", trace.traceparent]
            if let state = trace.state { fields += ["tracestate", state] }
        }
        return fields
    }
}
