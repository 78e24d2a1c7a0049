import Foundation
import KickoffModel
import KickoffTestSupport
import Testing

/// `POST /v1/hooks/{source}` against a real `kickoff serve` and `kickoff worker`, with deliveries
/// signed by independent implementations (`HookSigning`).
@Suite struct HookEndToEndTests {
    static let pipelines = """
    pipelines:
      train:
        steps:
          fit:
            run: [python3, step.py, inspect]
            parameters:
              commit: {type: string, required: true}
              url: {type: string, default: ""}
              epochs: {type: integer, default: 1}
    sources:
      github:
        provider: github
        secret_env: HOOK_GITHUB_SECRET
        routes:
          - pipeline: train
            when: {event: push, "/ref": "refs/heads/*"}
            parameters: {fit.commit: /after, fit.url: /repository/clone_url, fit.epochs: /epochs}
      sw:
        provider: standard_webhooks
        secret_env: HOOK_SW_SECRET
        routes:
          - pipeline: train
            when: {event: "model.*"}
            parameters: {commit: /data/commit}
    """
    static let githubSecret = "it's a secret to everybody"
    static let callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736"

    private func start(worker: Bool) async throws -> (WorkerFixture, FrontProcess, String) {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let swSecret = WebhookSecret.generate().text
        let front = try await fixture.startFront(environment: ["HOOK_GITHUB_SECRET": Self.githubSecret, "HOOK_SW_SECRET": swSecret])
        if worker { try fixture.startWorker("hooks") }
        return (fixture, front, swSecret)
    }

    private func push(ref: String = "refs/heads/main", after: String = "abc123", epochs: String = "3") -> Data {
        Data(#"{"ref":"\#(ref)","after":"\#(after)","repository":{"clone_url":"https://example.com/r.git"},"epochs":\#(epochs)}"#.utf8)
    }

    private func github(_ front: FrontProcess, body: Data, delivery: String, signature: String? = nil,
                        event: String = "push") async throws -> FrontProcess.Answer {
        var headers = ["X-GitHub-Event": event, "X-GitHub-Delivery": delivery,
                       "traceparent": "00-\(Self.callerTrace)-00f067aa0ba902b7-01"]
        if let signature {
            headers["X-Hub-Signature-256"] = signature
        } else {
            headers["X-Hub-Signature-256"] = try await HookSigning.github(secret: Self.githubSecret, body: body)
        }
        return try await FrontProcess.request(front.baseURL + "/v1/hooks/github", method: "POST", key: nil, body: body, headers: headers)
    }

    private func runCount(_ front: FrontProcess) async throws -> Int {
        let answer = try await front.send("GET", "/v1/runs?pipeline=train&limit=100")
        return (answer.json?["runs"] as? [Any])?.count ?? -1
    }

    @Test func githubPushSignedByPythonStartsOneRunWithMappedParametersAndTheCallersTrace() async throws {
        let (fixture, front, _) = try await start(worker: true)
        let body = push()
        let created = try await github(front, body: body, delivery: "d-1")
        #expect(created.status == 202, "\(created.text)")
        let run = try #require((created.json?["runs"] as? [[String: Any]])?.first, "\(created.text)")
        let id = try #require(run["id"] as? String)
        let trigger = run["trigger"] as? [String: Any]
        #expect(trigger?["kind"] as? String == "source" && trigger?["name"] as? String == "github")
        #expect(trigger?["delivery"] as? String == "d-1" && trigger?["event"] as? String == "push")
        let record = try await fixture.waitUntilFinished(id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")
        #expect(record.parameters["fit"] == ["commit": .string("abc123"), "url": .string("https://example.com/r.git"), "epochs": .integer(3)])
        // The step joined the caller's trace, under a span of its own.
        guard case .object(let output)? = record.steps.first?.output, case .object(let env)? = output["env"],
              case .string(let traceparent)? = env["TRACEPARENT"] else {
            Issue.record("no TRACEPARENT in the step's environment: \(String(describing: record.steps.first?.output))")
            return
        }
        #expect(traceparent.hasPrefix("00-\(Self.callerTrace)-") && !traceparent.contains("00f067aa0ba902b7"))

        // The provider redelivers: 200 with the same run, and no second run.
        let again = try await github(front, body: body, delivery: "d-1")
        #expect(again.status == 200, "\(again.text)")
        #expect(again.json?["duplicate"] as? Bool == true)
        #expect(((again.json?["runs"] as? [[String: Any]])?.first?["id"] as? String) == id)
        #expect(try await runCount(front) == 1)

        // Tampered body, wrong secret, no signature: 401, no run.
        let tampered = try await github(front, body: push(after: "evil"), delivery: "d-2",
                                        signature: try await HookSigning.github(secret: Self.githubSecret, body: body))
        let wrongSecret = try await github(front, body: body, delivery: "d-3", signature: try await HookSigning.github(secret: "guess", body: body))
        #expect(tampered.status == 401 && wrongSecret.status == 401, "\(tampered.text) \(wrongSecret.text)")
        #expect(tampered.headers["content-type"] == "application/problem+json")

        // No route matches: 202, no run.
        let filtered = try await github(front, body: push(ref: "refs/tags/v1"), delivery: "d-4")
        #expect(filtered.status == 202 && filtered.json?["filtered"] as? Bool == true, "\(filtered.text)")
        #expect((filtered.json?["runs"] as? [Any])?.isEmpty == true)

        // A mapped value of the wrong type: 422 with the field's path, recorded.
        let invalid = try await github(front, body: push(epochs: #""many""#), delivery: "d-5")
        #expect(invalid.status == 422, "\(invalid.text)")
        let field = ((invalid.json?["errors"] as? [[String: Any]])?.first?["field"] as? String)
        #expect(field == "routes[0].steps.fit.parameters.epochs", "\(invalid.text)")
        #expect(try await runCount(front) == 1)

        let deliveries = try await front.send("GET", "/v1/sources/github/deliveries")
        let outcomes = (deliveries.json?["deliveries"] as? [[String: Any]])?.compactMap { $0["outcome"] as? String }
        #expect(outcomes == ["invalid_parameters", "filtered", "duplicate", "created"], "\(deliveries.text)")
        let sources = try await front.send("GET", "/v1/sources")
        let github = (sources.json?["sources"] as? [[String: Any]])?.first { $0["name"] as? String == "github" }
        #expect((github?["counts"] as? [String: Int])?["unauthorized"] == 2, "\(sources.text)")
        #expect(github?["configured"] as? Bool == true)
        let metrics = try await FrontProcess.request(front.baseURL + "/metrics", method: "GET", key: nil, body: nil)
        #expect(metrics.text.contains(#"kickoff_hook_deliveries_total{source="github",outcome="created"} 1"#), "\(metrics.text)")
    }

    @Test func theSameDeliveryTwelveTimesAtOnceMakesOneRun() async throws {
        let (_, front, _) = try await start(worker: false)
        let body = push()
        let signature = try await HookSigning.github(secret: Self.githubSecret, body: body)
        let answers = try await withThrowingTaskGroup(of: FrontProcess.Answer.self) { group in
            for _ in 0..<12 { group.addTask { try await self.github(front, body: body, delivery: "same", signature: signature) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.filter { $0.status == 202 }.count == 1, "\(answers.map(\.status))")
        #expect(answers.filter { $0.status == 200 }.count == 11, "\(answers.map(\.status))")
        let ids = Set(answers.compactMap { ($0.json?["runs"] as? [[String: Any]])?.first?["id"] as? String })
        #expect(ids.count == 1)
        #expect(try await runCount(front) == 1)
    }

    @Test func standardWebhooksSignedByTheReferenceLibrary() async throws {
        let (_, front, secret) = try await start(worker: false)
        let body = Data(#"{"type":"model.registered","timestamp":"2026-12-07T12:00:00Z","data":{"commit":"f00"}}"#.utf8)
        let now = Int64(Date().timeIntervalSince1970)
        func send(id: String, timestamp: Int64, signingSecret: String = secret, body sent: Data? = nil) async throws -> FrontProcess.Answer {
            let signature = try await HookSigning.standardWebhooks(secret: signingSecret, id: id, timestamp: timestamp, body: body)
            return try await FrontProcess.request(front.baseURL + "/v1/hooks/sw", method: "POST", key: nil, body: sent ?? body, headers: [
                "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature])
        }
        let valid = try await send(id: "msg_1", timestamp: now)
        #expect(valid.status == 202, "\(valid.text)")
        let run = (valid.json?["runs"] as? [[String: Any]])?.first
        #expect((run?["parameters"] as? [String: [String: Any]])?["fit"]?["commit"] as? String == "f00", "\(valid.text)")
        #expect((run?["trigger"] as? [String: Any])?["event"] as? String == "model.registered")

        let stale = try await send(id: "msg_2", timestamp: now - 3600)
        let wrong = try await send(id: "msg_3", timestamp: now, signingSecret: WebhookSecret.generate().text)
        let tampered = try await send(id: "msg_4", timestamp: now, body: Data(#"{"type":"model.registered","data":{"commit":"bad"}}"#.utf8))
        let statuses: [Int] = [stale.status, wrong.status, tampered.status]
        #expect(statuses == [401, 401, 401], "\(stale.text) \(wrong.text) \(tampered.text)")
        #expect(try await runCount(front) == 1)
    }

    @Test func aTriggerCallersTraceparentReachesTheStep() async throws {
        let (fixture, front, _) = try await start(worker: true)
        let answer = try await front.send("POST", "/v1/pipelines/train/runs", json: #"{"parameters":{"commit":"x"}}"#,
                                          headers: ["traceparent": "00-\(Self.callerTrace)-00f067aa0ba902b7-01", "tracestate": "vendor=1"])
        #expect(answer.status == 202, "\(answer.text)")
        #expect((answer.json?["trigger"] as? [String: Any])?["kind"] as? String == "api")
        let id = try #require(answer.json?["id"] as? String)
        let record = try await fixture.waitUntilFinished(id)
        guard case .object(let output)? = record.steps.first?.output, case .object(let env)? = output["env"] else {
            Issue.record("no environment in the step's output")
            return
        }
        if case .string(let traceparent)? = env["TRACEPARENT"] {
            #expect(traceparent.hasPrefix("00-\(Self.callerTrace)-"))
        } else {
            Issue.record("no TRACEPARENT: \(env)")
        }
        #expect(env["TRACESTATE"] == .string("vendor=1"))
    }
}
