/// The OpenAPI 3.1 document of the front, served at `GET /openapi.yaml`. Written by hand; the
/// test `OpenAPIAgreementTests` keeps it true: every route documented, every documented route
/// served, and real answers valid against these schemas.
enum OpenAPIDocument {
    static let yaml = #"""
    openapi: 3.1.0
    info:
      title: Kickoff
      version: 1.0.0
      description: |
        Trigger data and ML pipelines over HTTP. A trigger is checked against the pipeline file,
        stored in Redis and answered at once (202); workers run it. Errors are RFC 9457 problem
        documents (application/problem+json).
    security:
      - bearer: []
      - apiKey: []
    paths:
      /healthz:
        get:
          summary: Liveness
          security: []
          responses:
            "200": {description: The process lives, content: {application/json: {schema: {$ref: "#/components/schemas/Status"}}}}
      /readyz:
        get:
          summary: Readiness (Redis answers)
          security: []
          responses:
            "200": {description: Ready, content: {application/json: {schema: {$ref: "#/components/schemas/Status"}}}}
            "503": {$ref: "#/components/responses/Unavailable"}
      /metrics:
        get:
          summary: Prometheus metrics
          security: []
          responses:
            "200": {description: Prometheus text format, content: {text/plain: {schema: {type: string}}}}
      /openapi.yaml:
        get:
          summary: This document
          security: []
          responses:
            "200": {description: OpenAPI 3.1, content: {application/yaml: {schema: {type: string}}}}
      /v1/pipelines:
        get:
          summary: List the pipelines (scope read)
          responses:
            "200": {description: The pipelines in file order, content: {application/json: {schema: {$ref: "#/components/schemas/PipelineList"}}}}
            "401": {$ref: "#/components/responses/Problem"}
            "403": {$ref: "#/components/responses/Problem"}
            "429": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/pipelines/{name}:
        parameters:
          - {$ref: "#/components/parameters/PipelineName"}
        get:
          summary: One pipeline (scope read)
          responses:
            "200": {description: The pipeline, content: {application/json: {schema: {$ref: "#/components/schemas/Pipeline"}}}}
            "401": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/pipelines/{name}/runs:
        parameters:
          - {$ref: "#/components/parameters/PipelineName"}
        post:
          summary: Trigger a run (scope trigger)
          parameters:
            - {$ref: "#/components/parameters/IdempotencyKey"}
          requestBody:
            content: {application/json: {schema: {$ref: "#/components/schemas/TriggerBody"}}}
          responses:
            "202":
              description: Stored and queued (or scheduled)
              headers: {Location: {schema: {type: string}}}
              content: {application/json: {schema: {$ref: "#/components/schemas/Run"}}}
            "200": {description: "Idempotent replay: the first run", content: {application/json: {schema: {$ref: "#/components/schemas/Run"}}}}
            "400": {$ref: "#/components/responses/Problem"}
            "401": {$ref: "#/components/responses/Problem"}
            "403": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
            "409": {$ref: "#/components/responses/Problem"}
            "413": {$ref: "#/components/responses/Problem"}
            "422": {$ref: "#/components/responses/Problem"}
            "429": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/pipelines/{name}/invoke:
        parameters:
          - {$ref: "#/components/parameters/PipelineName"}
        post:
          summary: Trigger a run and wait for its outcome (scope trigger)
          parameters:
            - {name: timeout, in: query, description: "seconds to wait (default 30, max 300)", schema: {type: number}}
            - {$ref: "#/components/parameters/IdempotencyKey"}
          requestBody:
            content: {application/json: {schema: {$ref: "#/components/schemas/TriggerBody"}}}
          responses:
            "200": {description: The run ended in time, content: {application/json: {schema: {$ref: "#/components/schemas/InvokeResult"}}}}
            "202": {description: Still running at the deadline, content: {application/json: {schema: {$ref: "#/components/schemas/Run"}}}}
            "400": {$ref: "#/components/responses/Problem"}
            "401": {$ref: "#/components/responses/Problem"}
            "403": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
            "409": {$ref: "#/components/responses/Problem"}
            "413": {$ref: "#/components/responses/Problem"}
            "422": {$ref: "#/components/responses/Problem"}
            "429": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /trigger:
        post:
          summary: "Trigger a run with the body of ZenML's custom trigger API (scope trigger)"
          parameters:
            - {$ref: "#/components/parameters/IdempotencyKey"}
          requestBody:
            required: true
            content: {application/json: {schema: {$ref: "#/components/schemas/ZenMLTriggerBody"}}}
          responses:
            "202": {description: Stored, content: {application/json: {schema: {$ref: "#/components/schemas/TriggerAccepted"}}}}
            "200": {description: "Idempotent replay", content: {application/json: {schema: {$ref: "#/components/schemas/TriggerAccepted"}}}}
            "400": {$ref: "#/components/responses/Problem"}
            "401": {$ref: "#/components/responses/Problem"}
            "403": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
            "409": {$ref: "#/components/responses/Problem"}
            "413": {$ref: "#/components/responses/Problem"}
            "422": {$ref: "#/components/responses/Problem"}
            "429": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/runs:
        get:
          summary: List runs, newest first (scope read)
          parameters:
            - {name: pipeline, in: query, schema: {type: string}}
            - name: status
              in: query
              description: "one status or several, comma-separated"
              schema: {type: string, pattern: "^((scheduled|queued|running|succeeded|failed|canceled)(,(scheduled|queued|running|succeeded|failed|canceled))*)?$"}
            - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 20}}
            - {name: cursor, in: query, description: "next_cursor of the previous page", schema: {type: string}}
          responses:
            "200": {description: A page of runs, content: {application/json: {schema: {$ref: "#/components/schemas/RunList"}}}}
            "401": {$ref: "#/components/responses/Problem"}
            "422": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/runs/{id}:
        parameters:
          - {$ref: "#/components/parameters/RunID"}
        get:
          summary: One run (scope read)
          responses:
            "200": {description: The run, content: {application/json: {schema: {$ref: "#/components/schemas/Run"}}}}
            "401": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/runs/{id}/cancel:
        parameters:
          - {$ref: "#/components/parameters/RunID"}
        post:
          summary: Cancel a run (scope trigger)
          responses:
            "202": {description: "Canceled, or cancel requested of its worker", content: {application/json: {schema: {$ref: "#/components/schemas/Run"}}}}
            "401": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
            "409": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/runs/{id}/events:
        parameters:
          - {$ref: "#/components/parameters/RunID"}
        get:
          summary: "The run's events as Server-Sent Events, from the start or after Last-Event-ID; ends after the final one (scope read)"
          parameters:
            - {name: Last-Event-ID, in: header, description: "the id of an event this stream sent (empty: from the start)", schema: {type: string, pattern: "^([0-9]{1,19}-[0-9]{1,19})?$"}}
          responses:
            "200":
              description: "text/event-stream: id, event (run.queued, run.running, step.started, …), data (JSON)"
              content:
                text/event-stream:
                  # One event of the stream (schemathesis validates each event against this).
                  schema:
                    type: object
                    required: [id, event, data]
                    properties: {id: {type: string}, event: {type: string}, data: {type: string}}
            "400": {$ref: "#/components/responses/Problem"}
            "401": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/runs/{id}/logs:
        parameters:
          - {$ref: "#/components/parameters/RunID"}
        get:
          summary: "The steps' stdout and stderr (scope read)"
          description: "A step that has run longer than about a second shows its output so far, updated about once a second while it grows; its final log replaces it when the step ends. Each step's log is its last bytes up to the workers' log cap."
          parameters:
            - {name: step, in: query, description: "one step only (else every step, each under a '==> step <==' line)", schema: {type: string}}
          responses:
            "200": {description: Logs, content: {text/plain: {schema: {type: string}}}}
            "401": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/runs/purge:
        post:
          summary: "Delete finished runs that finished longer ago than older_than, with their logs, events and webhook records; never a queued or running one (scope admin)"
          requestBody:
            required: true
            content: {application/json: {schema: {$ref: "#/components/schemas/PurgeBody"}}}
          responses:
            "200": {description: What was (or in a dry run would be) deleted, content: {application/json: {schema: {$ref: "#/components/schemas/PurgeResult"}}}}
            "400": {$ref: "#/components/responses/Problem"}
            "401": {$ref: "#/components/responses/Problem"}
            "403": {$ref: "#/components/responses/Problem"}
            "422": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/schedules:
        get:
          summary: "The pipeline file's schedules: next fire times, last tick, the leading scheduler (scope read)"
          responses:
            "200": {description: The schedules in file order, content: {application/json: {schema: {$ref: "#/components/schemas/ScheduleList"}}}}
            "401": {$ref: "#/components/responses/Problem"}
            "403": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/webhooks/dead-letters:
        get:
          summary: "Webhook deliveries that were given up on, newest first (scope admin)"
          parameters:
            - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500}}
            - {name: cursor, in: query, schema: {type: string}}
          responses:
            "200": {description: Dead letters, content: {application/json: {schema: {$ref: "#/components/schemas/DeadLetterList"}}}}
            "401": {$ref: "#/components/responses/Problem"}
            "403": {$ref: "#/components/responses/Problem"}
            "422": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /v1/webhooks/dead-letters/{id}/redeliver:
        parameters:
          - {name: id, in: path, required: true, schema: {type: string}}
        post:
          summary: "Send a dead letter again, its attempts counted afresh (scope admin)"
          responses:
            "202": {description: Back in line, content: {application/json: {schema: {$ref: "#/components/schemas/Status"}}}}
            "401": {$ref: "#/components/responses/Problem"}
            "403": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
            "409": {$ref: "#/components/responses/Problem"}
            "503": {$ref: "#/components/responses/Unavailable"}
    components:
      securitySchemes:
        bearer: {type: http, scheme: bearer}
        apiKey: {type: apiKey, in: header, name: X-API-Key}
      parameters:
        PipelineName: {name: name, in: path, required: true, schema: {type: string}}
        RunID: {name: id, in: path, required: true, schema: {type: string, format: uuid}}
        IdempotencyKey: {name: Idempotency-Key, in: header, schema: {type: string, minLength: 1, maxLength: 255}}
      responses:
        Problem:
          description: A problem document
          content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}
        Unavailable:
          description: Redis is unreachable; nothing was stored
          headers: {Retry-After: {schema: {type: integer}}}
          content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}
      schemas:
        DeadLetterList:
          type: object
          required: [dead_letters, next_cursor]
          properties:
            dead_letters:
              type: array
              items:
                type: object
                required: [id, event_id, run_id, type, url, attempts]
                properties:
                  id: {type: string}
                  event_id: {type: string}
                  run_id: {type: string}
                  type: {type: string, enum: [run.succeeded, run.failed, run.canceled]}
                  url: {type: string}
                  attempts: {type: integer}
                  last_status: {type: [integer, "null"]}
                  last_error: {type: [string, "null"]}
                  dead_at: {type: [string, "null"]}
            next_cursor: {type: [string, "null"]}
        PurgeBody:
          type: object
          required: [older_than]
          additionalProperties: false
          properties:
            older_than: {type: string, minLength: 1, description: "a duration of at least 1s: 30d, 12h, 90m"}
            status: {type: array, minItems: 1, items: {type: string, enum: [succeeded, failed, canceled]}}
            dry_run: {type: boolean}
        PurgeResult:
          type: object
          required: [older_than, cutoff, statuses, matched, deleted, dry_run]
          properties:
            older_than: {type: string}
            cutoff: {type: string, description: "runs that finished before this time matched"}
            statuses: {type: array, items: {type: string}}
            matched: {type: integer}
            deleted: {type: integer}
            dry_run: {type: boolean}
        ScheduleList:
          type: object
          required: [schedules, now]
          properties:
            now: {type: string}
            leader:
              type: [object, "null"]
              required: [holder, epoch]
              properties:
                holder: {type: string}
                epoch: {type: integer}
                lease_left_ms: {type: [integer, "null"]}
            schedules:
              type: array
              items:
                type: object
                required: [name, pipeline, kind, expression, timezone, misfire, next_fire_times, fired, skipped]
                properties:
                  name: {type: string}
                  pipeline: {type: string}
                  kind: {type: string, enum: [cron, every]}
                  expression: {type: string}
                  timezone: {type: string}
                  misfire: {type: string, enum: [skip, run_once]}
                  preset: {type: [string, "null"]}
                  next_fire_times: {type: array, items: {type: string}}
                  last_tick: {type: [string, "null"]}
                  last_fired_tick: {type: [string, "null"]}
                  last_run_id: {type: [string, "null"]}
                  fired: {type: integer}
                  skipped: {type: integer}
        Status:
          type: object
          required: [status]
          properties: {status: {type: string}}
        Problem:
          type: object
          required: [type, title, status, detail, errors]
          properties:
            type: {type: string}
            title: {type: string}
            status: {type: integer}
            detail: {type: string}
            errors:
              type: array
              items:
                type: object
                required: [field, message]
                properties: {field: {type: string}, message: {type: string}}
        Parameter:
          type: object
          required: [type, required]
          properties:
            type: {type: string, enum: [string, integer, number, boolean, object, array]}
            default: {}
            enum: {type: array}
            required: {type: boolean}
            description: {type: string}
        Pipeline:
          type: object
          required: [name, description, steps, presets]
          properties:
            name: {type: string}
            description: {type: [string, "null"]}
            steps:
              type: array
              items:
                type: object
                required: [name, after, parameters]
                properties:
                  name: {type: string}
                  after: {type: array, items: {type: string}}
                  parameters: {type: object, additionalProperties: {$ref: "#/components/schemas/Parameter"}}
            presets: {type: object}
        PipelineList:
          type: object
          required: [pipelines]
          properties:
            pipelines: {type: array, items: {$ref: "#/components/schemas/Pipeline"}}
        TriggerBody:
          type: object
          additionalProperties: false
          properties:
            parameters: {type: object, description: "values for every step that declares the name"}
            steps:
              type: object
              additionalProperties:
                type: object
                properties: {parameters: {type: object}}
            preset: {type: string}
            callback_url: {type: string, format: uri}
            tags: {type: array, items: {type: string}}
            priority: {type: string, enum: [high, normal, low]}
            delay_seconds: {type: number, minimum: 0}
        ZenMLTriggerBody:
          type: object
          required: [pipeline_name]
          properties:
            pipeline_name: {type: string}
            steps:
              type: object
              additionalProperties:
                type: object
                properties: {parameters: {type: object}}
        TriggerAccepted:
          type: object
          required: [status, run_id, status_url]
          properties:
            status: {type: string, enum: [accepted]}
            run_id: {type: string}
            status_url: {type: string}
        Step:
          type: object
          required: [name, status, started_at, finished_at, exit_code, output]
          properties:
            name: {type: string}
            status: {type: string, enum: [pending, running, succeeded, failed, skipped, canceled]}
            started_at: {type: [string, "null"]}
            finished_at: {type: [string, "null"]}
            exit_code: {type: [integer, "null"]}
            output: {}
            error: {type: [string, "null"]}
        Run:
          type: object
          required: [id, pipeline, status, parameters, steps, outputs, error, attempt, max_attempts, created_at,
                     started_at, finished_at, worker, tags, callback_url, webhook_deliveries, links]
          properties:
            id: {type: string}
            pipeline: {type: string}
            status: {type: string, enum: [scheduled, queued, running, succeeded, failed, canceled]}
            priority: {type: string, enum: [high, normal, low]}
            parameters: {type: object, additionalProperties: {type: object}}
            steps: {type: array, items: {$ref: "#/components/schemas/Step"}}
            outputs: {}
            error:
              type: [object, "null"]
              properties: {step: {type: [string, "null"]}, message: {type: string}}
            attempt: {type: integer}
            max_attempts: {type: integer}
            created_at: {type: string}
            started_at: {type: [string, "null"]}
            finished_at: {type: [string, "null"]}
            not_before: {type: [string, "null"]}
            worker: {type: [string, "null"]}
            tags: {type: array, items: {type: string}}
            callback_url: {type: [string, "null"]}
            cancel_requested: {type: boolean}
            webhook_deliveries:
              type: array
              items:
                type: object
                required: [attempt, at]
                properties:
                  attempt: {type: integer}
                  status_code: {type: [integer, "null"]}
                  at: {type: string}
                  error: {type: [string, "null"]}
                  url: {type: [string, "null"]}
            links:
              type: object
              required: [self, events, logs]
              properties: {self: {type: string}, events: {type: string}, logs: {type: string}}
        RunList:
          type: object
          required: [runs, next_cursor]
          properties:
            runs: {type: array, items: {$ref: "#/components/schemas/Run"}}
            next_cursor: {type: [string, "null"]}
        InvokeResult:
          type: object
          required: [success, outputs, execution_time, metadata]
          properties:
            success: {type: boolean}
            outputs: {}
            execution_time: {type: number}
            metadata:
              type: object
              required: [run_id, pipeline_name, parameters_used]
              properties:
                run_id: {type: string}
                pipeline_name: {type: string}
                parameters_used: {type: object}
            error: {type: string}
    """#
}
