import Foundation
import KickoffModel
import KickoffTestSupport
import Testing

/// `POST /v1/runs/{id}/retry` and `kickoff runs retry` with a real front and worker: a retry from the
/// failed step reuses the steps before it (outputs and artifacts), counted by their side effects.
@Suite struct RetryRunTests {
    static let pipelines = """
    pipelines:
      three:
        env: {SHARED: "$SHARED"}
        steps:
          one: {run: [python3, step.py, tally]}
          two: {run: [python3, step.py, tally], after: [one]}
          three:
            run: [python3, step.py, maybe-fail]
            after: [two]
            parameters: {fail: {type: boolean, default: true}}
      blocked:
        env: {SHARED: "$SHARED"}
        steps:
          wait: {run: [python3, step.py, block]}
    """

    static func post(_ fixture: ClientFixture, _ path: String, _ json: String) async throws -> FrontProcess.Answer {
        try await FrontProcess.request(fixture.url + path, method: "POST", key: fixture.key, body: Data(json.utf8))
    }

    static func trigger(_ fixture: ClientFixture, _ pipeline: String, _ json: String = "{}") async throws -> String {
        let answer = try await post(fixture, "/v1/pipelines/\(pipeline)/runs", json)
        guard answer.status == 202, let id = answer.json?["id"] as? String else { throw TestSupportError("trigger: \(answer.status) \(answer.text)") }
        return id
    }

    @Test func aRetryFromTheFailedStepReusesTheStepsBeforeIt() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines)
        let workers = fixture.workers
        let original = try await Self.trigger(fixture, "three")
        #expect(try await workers.waitUntilFinished(original).status == .failed)

        let answer = try await Self.post(fixture, "/v1/runs/\(original)/retry", #"{"steps":{"three":{"parameters":{"fail":false}}}}"#)
        #expect(answer.status == 202, "\(answer.text)")
        let retry = try #require(answer.json?["id"] as? String)
        #expect(answer.json?["retry_of"] as? String == original)
        // Provenance: a retry, of the original.
        let trigger = answer.json?["trigger"] as? [String: Any]
        #expect(trigger?["kind"] as? String == "retry" && trigger?["name"] as? String == original, "\(answer.text)")
        let steps = try #require(answer.json?["steps"] as? [[String: Any]])
        #expect(steps.map { $0["reused"] as? Bool } == [true, true, false])
        #expect(steps.map { $0["status"] as? String } == ["succeeded", "succeeded", "pending"])

        let record = try await workers.waitUntilFinished(retry)
        #expect(record.status == .succeeded, "\(fixture.logs())")
        #expect(record.retryOf == original)
        // Steps one and two ran once, in the original; the retry ran only three, with their outputs
        // and their artifacts.
        #expect(DurableRunTests.executions(workers, original, "one") == 1)
        #expect(DurableRunTests.executions(workers, retry, "one") == 0)
        #expect(DurableRunTests.executions(workers, retry, "two") == 0)
        #expect(DurableRunTests.executions(workers, retry, "three") == 1)
        let output = try #require(record.outputs?.objectValue)
        #expect(output["artifacts"] == .array([.string("one"), .string("two")]))
        #expect(output["inputs"]?.objectValue?["two"]?.objectValue?["step"] == .string("two"))
        #expect(record.steps.map(\.reused) == [true, true, nil])

        // The command line: from the start, nothing reused.
        let cli = try await fixture.kickoff(["runs", "retry", original, "--from", "start"])
        #expect(cli.status == 0, "\(cli.output)")
        #expect(cli.output.contains("retries \(original) (no step reused)"), "\(cli.output)")
    }

    @Test func aRetryIsRefusedWhileTheRunRunsOrWhenNothingCanBeReused() async throws {
        let fixture = try await ClientFixture(pipelines: Self.pipelines)
        let workers = fixture.workers
        let blocked = try await Self.trigger(fixture, "blocked")
        try await workers.waitForBlockingStep(blocked)
        #expect(try await Self.post(fixture, "/v1/runs/\(blocked)/retry", "{}").status == 409)
        workers.releaseBlockingSteps()
        #expect(try await workers.waitUntilFinished(blocked).status == .succeeded)

        let succeeded = try await Self.trigger(fixture, "three", #"{"parameters":{"fail":false}}"#)
        #expect(try await workers.waitUntilFinished(succeeded).status == .succeeded)
        let noFailure = try await Self.post(fixture, "/v1/runs/\(succeeded)/retry", "{}")
        #expect(noFailure.status == 422)
        #expect(noFailure.text.contains("every step of run \(succeeded) succeeded"), "\(noFailure.text)")
        // Its artifacts went when it succeeded: nothing before step three can be reused.
        let gone = try await Self.post(fixture, "/v1/runs/\(succeeded)/retry", #"{"from":"three"}"#)
        #expect(gone.status == 422)
        #expect(gone.text.contains("artifacts of run \(succeeded) were removed"), "\(gone.text)")
        #expect(try await Self.post(fixture, "/v1/runs/\(succeeded)/retry", #"{"from":"nope"}"#).status == 422)
        #expect(try await Self.post(fixture, "/v1/runs/\(succeeded)/retry", #"{"from":"start"}"#).status == 202)
    }
}
