import Foundation

/// A run as stored in Redis (one hash), decoded. Times are Unix milliseconds.
public struct RunRecord: Sendable, Hashable {
    public var id: String
    public var pipeline: String
    public var status: RunStatus
    public var priority: RunPriority
    public var parameters: [String: [String: JSONValue]]
    /// Every step in run order; steps without a stored state are pending.
    public var steps: [StepState]
    public var outputs: JSONValue?
    public var error: RunError?
    public var attempt: Int
    public var maxAttempts: Int
    /// How many times the run lost its worker (its lease ran out) and was queued again; no attempt counted.
    public var reclaims: Int
    public var maxReclaims: Int
    /// The run this one retries (`POST /v1/runs/{id}/retry`).
    public var retryOf: String?
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    /// When the run last entered a queue (its wait before `startedAt`).
    public var queuedAt: Int64?
    /// When a scheduled run or a retry is due.
    public var notBefore: Int64?
    public var worker: String?
    /// The attempt token of the worker holding the lease; never shown through the API.
    public var token: String?
    public var tags: [String]
    public var callbackURL: String?
    public var cancelRequested: Bool
    /// The named queue it waits in (`default` for runs stored before queues existed).
    public var queue: String = Pipeline.defaultQueue
    /// Why a queued or scheduled run is not claimable yet, as the store recorded it; nil when nothing
    /// holds it back (a front may still add `no_worker`).
    public var waitingFor: RunWait?
    /// How many triggers a debounced run absorbed (nil for a run that does not debounce).
    public var debouncedTriggers: Int?
    /// Who or what started the run; runs stored without one read as `api` (or `schedule`).
    public var trigger: RunTrigger = RunTrigger(kind: .api)
    /// The W3C trace context the run was triggered with.
    public var trace: TraceContext?
    /// The schedule tick that made it; nil for a run no schedule made.
    public var origin: ScheduleOrigin?

    /// A fresh record as `enqueue` stores it (attempt 1, not started).
    init(id: String, pipeline: String, status: RunStatus, priority: RunPriority, parameters: [String: [String: JSONValue]],
         steps: [StepState], maxAttempts: Int, createdAt: Int64, notBefore: Int64?, tags: [String], callbackURL: String?,
         maxReclaims: Int = Pipeline.defaultMaxReclaims) {
        self.id = id
        self.pipeline = pipeline
        self.status = status
        self.priority = priority
        self.parameters = parameters
        self.steps = steps
        outputs = nil
        error = nil
        attempt = 1
        self.maxAttempts = maxAttempts
        reclaims = 0
        self.maxReclaims = max(0, maxReclaims)
        retryOf = nil
        self.createdAt = createdAt
        startedAt = nil
        finishedAt = nil
        self.notBefore = notBefore
        worker = nil
        token = nil
        self.tags = tags
        self.callbackURL = callbackURL
        cancelRequested = false
    }

    public init(fields: [String: String]) throws(RunRecordError) {
        guard let id = fields["id"], let pipeline = fields["pipeline"] else { throw .missingField(id: fields["id"] ?? "?", field: "id/pipeline") }
        guard let status = fields["status"].flatMap(RunStatus.init(rawValue:)) else {
            throw .badField(id: id, field: "status", value: fields["status"] ?? "")
        }
        self.id = id
        self.pipeline = pipeline
        self.status = status
        priority = fields["priority"].flatMap(RunPriority.init(rawValue:)) ?? .normal
        // The JSON fields are read with JSONTextReader, not JSONDecoder: a worker decodes a record per
        // claim, and Decodable's type-by-type attempts made that a large part of its CPU time.
        func decode<T>(_ field: String, _ convert: (JSONValue) -> T?) throws(RunRecordError) -> T? {
            guard let text = fields[field], text != "null" else { return nil }
            guard let json = try? JSONTextReader.parse(text.utf8), let value = convert(json) else {
                throw .badField(id: id, field: field, value: String(text.prefix(100)))
            }
            return value
        }
        parameters = try decode("parameters") { json -> [String: [String: JSONValue]]? in
            guard case .object(let steps) = json else { return nil }
            var parameters: [String: [String: JSONValue]] = [:]
            for (step, entry) in steps {
                guard case .object(let values) = entry else { return nil }
                parameters[step] = values
            }
            return parameters
        } ?? [:]
        let stepNames = try decode("step_names", Self.strings) ?? []
        var steps: [StepState] = []
        for name in stepNames {
            steps.append(try decode("step:" + name, StepState.init(json:)) ?? StepState(name: name, status: .pending))
        }
        self.steps = steps
        outputs = try decode("outputs") { $0 }
        error = try decode("error", RunError.init(json:))
        attempt = fields["attempt"].flatMap(Int.init) ?? 1
        maxAttempts = fields["max_attempts"].flatMap(Int.init) ?? 1
        reclaims = fields["reclaims"].flatMap(Int.init) ?? 0
        maxReclaims = fields["max_reclaims"].flatMap(Int.init) ?? Pipeline.defaultMaxReclaims
        retryOf = fields["retry_of"]
        createdAt = fields["created_at"].flatMap { Int64($0) } ?? 0
        startedAt = fields["started_at"].flatMap { Int64($0) }
        finishedAt = fields["finished_at"].flatMap { Int64($0) }
        queuedAt = fields["queued_at"].flatMap { Int64($0) }
        notBefore = fields["not_before"].flatMap { Int64($0) }
        worker = fields["worker"]
        token = fields["token"]
        tags = try decode("tags", Self.strings) ?? []
        callbackURL = fields["callback_url"]
        cancelRequested = fields["cancel_requested"] == "1"
        queue = fields["queue"] ?? Pipeline.defaultQueue
        waitingFor = try decode("waiting_for", RunWait.init(json:))
        debouncedTriggers = fields["debounced_triggers"].flatMap { Int($0) }
        trigger = try decode("trigger") { RunTrigger(json: $0) } ?? Self.impliedTrigger(schedule: fields["schedule"])
        trace = fields["traceparent"].flatMap { TraceContext(traceparent: $0, tracestate: fields["tracestate"]) }
        if let schedule = fields["schedule"], let tick = fields["schedule_tick"].flatMap({ Int64($0) }) {
            origin = ScheduleOrigin(schedule: schedule, tick: tick, misfire: fields["schedule_misfire"] == "1")
        }
    }

    /// The trigger of a run stored without one: its schedule's, or an API call's.
    static func impliedTrigger(schedule: String?) -> RunTrigger {
        schedule.map { RunTrigger(kind: .schedule, name: $0) } ?? RunTrigger(kind: .api)
    }
}

extension RunRecord {
    static func strings(_ json: JSONValue) -> [String]? {
        guard case .array(let elements) = json else { return nil }
        var strings: [String] = []
        for element in elements {
            guard case .string(let text) = element else { return nil }
            strings.append(text)
        }
        return strings
    }
}

public enum RunRecordError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingField(id: String, field: String)
    case badField(id: String, field: String, value: String)

    public var description: String {
        switch self {
        case .missingField(let id, let field): "run \(id): stored record lacks \(field)"
        case .badField(let id, let field, let value): "run \(id): stored field \(field) is unreadable: \(value)"
        }
    }
}
