/// A run as the HTTP API shows it (`GET /v1/runs/{id}` and every answer that carries a run).
/// Encodable for the front, Decodable for the client commands. Times are RFC 3339 with
/// milliseconds; `error` is null when there is none; the worker's attempt token is never shown.
public struct RunObject: Sendable, Hashable, Codable {
    public var id: String
    public var pipeline: String
    public var status: RunStatus
    public var priority: RunPriority
    public var parameters: [String: [String: JSONValue]]
    public var steps: [Step]
    public var outputs: JSONValue?
    public var error: RunError?
    public var attempt: Int
    public var maxAttempts: Int
    /// How many workers the run lost (each time it was queued again without counting an attempt).
    public var reclaims: Int
    /// The run this one retries (`POST /v1/runs/{id}/retry`); nil for any other run.
    public var retryOf: String?
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?
    /// When a scheduled run (or a retry in backoff) is due.
    public var notBefore: String?
    public var worker: String?
    public var tags: [String]
    public var callbackURL: String?
    public var cancelRequested: Bool
    public var webhookDeliveries: [WebhookDelivery]
    /// Who or what started the run.
    public var trigger: RunTrigger
    /// For a run a schedule made: the schedule's name, the tick it fired for (Unix milliseconds) and
    /// whether it fired late for missed ticks (`misfire: run_once`); null for any other run.
    public var schedule: String?
    public var scheduleTick: Int64?
    public var scheduleMisfire: Bool?
    public var links: Links
    /// The named queue the run waits (or waited) in.
    public var queue: String
    /// Why a queued or scheduled run does not start yet; null when nothing holds it back.
    public var waitingFor: RunWait?
    /// How many triggers a debounced run absorbed; null when its pipeline does not debounce.
    public var debouncedTriggers: Int?

    public init(record: RunRecord, webhookDeliveries: [WebhookDelivery] = []) {
        id = record.id
        pipeline = record.pipeline
        status = record.status
        priority = record.priority
        parameters = record.parameters
        steps = record.steps.map(Step.init)
        outputs = record.outputs
        error = record.error
        attempt = record.attempt
        maxAttempts = record.maxAttempts
        reclaims = record.reclaims
        retryOf = record.retryOf
        schedule = record.origin?.schedule
        scheduleTick = record.origin?.tick
        scheduleMisfire = record.origin?.misfire
        createdAt = Timestamp.rfc3339(milliseconds: record.createdAt)
        startedAt = record.startedAt.map(Timestamp.rfc3339(milliseconds:))
        finishedAt = record.finishedAt.map(Timestamp.rfc3339(milliseconds:))
        notBefore = record.notBefore.map(Timestamp.rfc3339(milliseconds:))
        worker = record.worker
        tags = record.tags
        callbackURL = record.callbackURL
        cancelRequested = record.cancelRequested
        self.webhookDeliveries = webhookDeliveries
        trigger = record.trigger
        links = Links(runID: record.id)
        queue = record.queue
        waitingFor = record.status == .queued || record.status == .scheduled ? record.waitingFor : nil
        if waitingFor == nil, record.status == .scheduled, record.debouncedTriggers != nil {
            waitingFor = RunWait(reason: .debounce)
        }
        if waitingFor?.reason == .debounce { waitingFor?.until = notBefore }
        debouncedTriggers = record.debouncedTriggers
    }

    enum CodingKeys: String, CodingKey {
        case id, pipeline, status, priority, parameters, steps, outputs, error, attempt, worker, tags, links, reclaims, trigger
        case maxAttempts = "max_attempts"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case notBefore = "not_before"
        case callbackURL = "callback_url"
        case cancelRequested = "cancel_requested"
        case webhookDeliveries = "webhook_deliveries"
        case queue
        case waitingFor = "waiting_for"
        case debouncedTriggers = "debounced_triggers"
        case retryOf = "retry_of"
        case schedule
        case scheduleTick = "schedule_tick"
        case scheduleMisfire = "schedule_misfire"
    }

    /// Optionals are written as null rather than left out: clients see every field, always.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(pipeline, forKey: .pipeline)
        try container.encode(status, forKey: .status)
        try container.encode(priority, forKey: .priority)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(steps, forKey: .steps)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(error, forKey: .error)
        try container.encode(attempt, forKey: .attempt)
        try container.encode(maxAttempts, forKey: .maxAttempts)
        try container.encode(reclaims, forKey: .reclaims)
        try container.encode(retryOf, forKey: .retryOf)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(scheduleTick, forKey: .scheduleTick)
        try container.encode(scheduleMisfire, forKey: .scheduleMisfire)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(notBefore, forKey: .notBefore)
        try container.encode(worker, forKey: .worker)
        try container.encode(tags, forKey: .tags)
        try container.encode(callbackURL, forKey: .callbackURL)
        try container.encode(cancelRequested, forKey: .cancelRequested)
        try container.encode(webhookDeliveries, forKey: .webhookDeliveries)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(links, forKey: .links)
        try container.encode(queue, forKey: .queue)
        try container.encode(waitingFor, forKey: .waitingFor)
        try container.encode(debouncedTriggers, forKey: .debouncedTriggers)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        pipeline = try container.decode(String.self, forKey: .pipeline)
        status = try container.decode(RunStatus.self, forKey: .status)
        priority = try container.decodeIfPresent(RunPriority.self, forKey: .priority) ?? .normal
        parameters = try container.decodeIfPresent([String: [String: JSONValue]].self, forKey: .parameters) ?? [:]
        steps = try container.decodeIfPresent([Step].self, forKey: .steps) ?? []
        outputs = try container.decodeIfPresent(JSONValue.self, forKey: .outputs)
        if outputs == .null { outputs = nil }
        error = try container.decodeIfPresent(RunError.self, forKey: .error)
        attempt = try container.decodeIfPresent(Int.self, forKey: .attempt) ?? 1
        maxAttempts = try container.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? 1
        reclaims = try container.decodeIfPresent(Int.self, forKey: .reclaims) ?? 0
        retryOf = try container.decodeIfPresent(String.self, forKey: .retryOf)
        schedule = try container.decodeIfPresent(String.self, forKey: .schedule)
        scheduleTick = try container.decodeIfPresent(Int64.self, forKey: .scheduleTick)
        scheduleMisfire = try container.decodeIfPresent(Bool.self, forKey: .scheduleMisfire)
        createdAt = try container.decode(String.self, forKey: .createdAt)
        startedAt = try container.decodeIfPresent(String.self, forKey: .startedAt)
        finishedAt = try container.decodeIfPresent(String.self, forKey: .finishedAt)
        notBefore = try container.decodeIfPresent(String.self, forKey: .notBefore)
        worker = try container.decodeIfPresent(String.self, forKey: .worker)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        callbackURL = try container.decodeIfPresent(String.self, forKey: .callbackURL)
        cancelRequested = try container.decodeIfPresent(Bool.self, forKey: .cancelRequested) ?? false
        webhookDeliveries = try container.decodeIfPresent([WebhookDelivery].self, forKey: .webhookDeliveries) ?? []
        trigger = try container.decodeIfPresent(RunTrigger.self, forKey: .trigger) ?? RunTrigger(kind: .api)
        links = try container.decodeIfPresent(Links.self, forKey: .links) ?? Links(runID: id)
        queue = try container.decodeIfPresent(String.self, forKey: .queue) ?? Pipeline.defaultQueue
        waitingFor = try container.decodeIfPresent(RunWait.self, forKey: .waitingFor)
        debouncedTriggers = try container.decodeIfPresent(Int.self, forKey: .debouncedTriggers)
    }
}

extension RunObject {
    /// One step of the run: `{"name","status","started_at","finished_at","exit_code","output","error"}`.
    public struct Step: Sendable, Hashable, Codable {
        public var name: String
        public var status: StepState.Status
        public var startedAt: String?
        public var finishedAt: String?
        public var exitCode: Int32?
        public var output: JSONValue?
        public var error: String?
        /// How many times the step ran in this run (retries in place included); 0 before it starts.
        public var attempts: Int
        /// Taken over from the run this one retries, not run again.
        public var reused: Bool

        public init(_ state: StepState) {
            name = state.name
            status = state.status
            startedAt = state.startedAt.map(Timestamp.rfc3339(milliseconds:))
            finishedAt = state.finishedAt.map(Timestamp.rfc3339(milliseconds:))
            exitCode = state.exitCode
            output = state.output
            error = state.error
            attempts = state.attempts ?? (state.startedAt == nil || state.reused == true ? 0 : 1)
            reused = state.reused ?? false
        }

        enum CodingKeys: String, CodingKey {
            case name, status, output, error, attempts, reused
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case exitCode = "exit_code"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(status, forKey: .status)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(finishedAt, forKey: .finishedAt)
            try container.encode(exitCode, forKey: .exitCode)
            try container.encode(output, forKey: .output)
            try container.encode(error, forKey: .error)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(reused, forKey: .reused)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            status = try container.decode(StepState.Status.self, forKey: .status)
            startedAt = try container.decodeIfPresent(String.self, forKey: .startedAt)
            finishedAt = try container.decodeIfPresent(String.self, forKey: .finishedAt)
            exitCode = try container.decodeIfPresent(Int32.self, forKey: .exitCode)
            output = try container.decodeIfPresent(JSONValue.self, forKey: .output)
            error = try container.decodeIfPresent(String.self, forKey: .error)
            attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? (startedAt == nil ? 0 : 1)
            reused = try container.decodeIfPresent(Bool.self, forKey: .reused) ?? false
        }
    }

    /// `{"attempt","status_code","at","error","url"}`: one delivery attempt of the run's webhooks.
    public struct WebhookDelivery: Sendable, Hashable, Codable {
        public var attempt: Int
        public var statusCode: Int?
        public var at: String
        public var error: String?
        /// Where it went: the run's callback_url or a configured endpoint.
        public var url: String?

        public init(attempt: Int, statusCode: Int?, at: String, error: String?, url: String? = nil) {
            self.attempt = attempt
            self.statusCode = statusCode
            self.at = at
            self.error = error
            self.url = url
        }

        public init(_ attempt: WebhookAttempt) {
            self.init(attempt: attempt.attempt, statusCode: attempt.statusCode, at: Timestamp.rfc3339(milliseconds: attempt.at),
                      error: attempt.error, url: attempt.url)
        }

        enum CodingKeys: String, CodingKey {
            case attempt, at, error, url
            case statusCode = "status_code"
        }
    }

    /// Where to read more about the run.
    public struct Links: Sendable, Hashable, Codable {
        public var `self`: String
        public var events: String
        public var logs: String

        public init(runID: String) {
            self.`self` = "/v1/runs/\(runID)"
            events = "/v1/runs/\(runID)/events"
            logs = "/v1/runs/\(runID)/logs"
        }
    }
}
