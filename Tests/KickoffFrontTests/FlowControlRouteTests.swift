import Foundation
import Hummingbird
import HummingbirdTesting
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// Flow control through the API: debounced triggers, `skip`'s 409, `GET /v1/queues`, `waiting_for`,
/// fair share per API key.
@Suite struct FlowControlRouteTests {
    static let yaml = """
    pipelines:
      sync:
        working_directory: .
        debounce: {key: "{{bucket}}", window: 30s, max_wait: 5m}
        steps:
          pull:
            run: [echo, pull]
            parameters:
              bucket: {type: string}
              object: {type: string}
      train:
        working_directory: .
        queue: gpu
        concurrency:
          - {key: "{{model}}", limit: 1, on_limit: skip}
        steps:
          fit:
            run: [echo, fit]
            parameters:
              model: {type: string}
      report:
        working_directory: .
        concurrency:
          - {limit: 1}
        steps:
          write: {run: [echo, report]}
    """

    @Test func fiveQuickTriggersWithOneKeyAreOneRunWithTheLastParameters() async throws {
        let fixture = try await FrontFixture(pipelinesYAML: Self.yaml)
        try await fixture.test { client in
            var answers: [[String: JSONValue]] = []
            for index in 1...5 {
                let body = #"{"parameters":{"bucket":"raw","object":"file-\#(index)"}}"#
                let response = try await client.execute(uri: "/v1/pipelines/sync/runs", method: .post, headers: .json(fixture.triggerKey), body: body.buffer)
                #expect(response.status == .accepted, "\(response.text)")
                answers.append(response.object)
            }
            let ids = Set(answers.compactMap { $0["id"]?.stringValue })
            #expect(ids.count == 1)
            #expect(answers[0]["debounced"] == nil)
            #expect(answers.dropFirst().allSatisfy { $0["debounced"] == .bool(true) })
            let id = try #require(ids.first)
            let run = try #require(try await client.execute(uri: "/v1/runs/\(id)", method: .get, headers: fixture.read).runObject)
            #expect(run.status == .scheduled)
            #expect(run.debouncedTriggers == 5)
            #expect(run.parameters["pull"]?["object"] == .string("file-5"))
            #expect(run.waitingFor?.reason == .debounce)
            #expect(run.waitingFor?.until == run.notBefore)
        }
    }

    @Test func skipAnswers409NamingTheRunThatHoldsTheSlot() async throws {
        let fixture = try await FrontFixture(pipelinesYAML: Self.yaml)
        try await fixture.test { client in
            let body = #"{"parameters":{"model":"resnet"}}"#
            let first = try await client.execute(uri: "/v1/pipelines/train/runs", method: .post, headers: .json(fixture.triggerKey), body: body.buffer)
            #expect(first.status == .accepted)
            let holder = try #require(first.object["id"]?.stringValue)
            let second = try await client.execute(uri: "/v1/pipelines/train/runs", method: .post, headers: .json(fixture.triggerKey), body: body.buffer)
            #expect(second.status == .conflict)
            #expect(second.header("Content-Type")?.hasPrefix("application/problem+json") == true)
            #expect(second.object["detail"]?.stringValue?.contains(holder) == true, "\(second.text)")
        }
    }

    @Test func queuedRunsSayWhyTheyWaitAndTheQueuesAreListed() async throws {
        let fixture = try await FrontFixture(pipelinesYAML: Self.yaml)
        try await fixture.test { client in
            // No worker serves gpu: the run waits for one, and says so.
            let gpu = try await client.execute(uri: "/v1/pipelines/train/runs", method: .post, headers: .json(fixture.triggerKey),
                                               body: #"{"parameters":{"model":"vit"}}"#.buffer)
            let gpuID = try #require(gpu.object["id"]?.stringValue)
            let shown = try #require(try await client.execute(uri: "/v1/runs/\(gpuID)", method: .get, headers: fixture.read).runObject)
            #expect(shown.queue == "gpu")
            #expect(shown.waitingFor == RunWait(reason: .noWorker, queue: "gpu"))
            // Two reports: the second waits for the pipeline-wide slot.
            var reports: [String] = []
            var answers: [RunObject] = []
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/v1/pipelines/report/runs", method: .post, headers: .json(fixture.triggerKey), body: "{}".buffer)
                reports.append(try #require(response.object["id"]?.stringValue))
                answers.append(try #require(response.runObject))
            }
            // The trigger's own answer already says the second waits for the slot.
            #expect(answers[0].waitingFor == nil)
            #expect(answers[1].waitingFor == RunWait(reason: .concurrency, key: "", limit: 1))
            let blocked = try #require(try await client.execute(uri: "/v1/runs/\(reports[1])", method: .get, headers: fixture.read).runObject)
            #expect(blocked.waitingFor == RunWait(reason: .concurrency, key: "", limit: 1))
            let list = try await client.execute(uri: "/v1/runs?status=queued", method: .get, headers: fixture.read)
            let reasons = (list.object["runs"]?.arrayValue ?? []).compactMap { $0.objectValue?["waiting_for"]?.objectValue?["reason"]?.stringValue }
            #expect(reasons.sorted() == ["concurrency", "no_worker", "no_worker"])

            let queues = try await client.execute(uri: "/v1/queues", method: .get, headers: fixture.read)
            #expect(queues.status == .ok)
            let entries = queues.object["queues"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(entries.compactMap { $0["name"]?.stringValue } == ["default", "gpu"])
            let gpuQueue = try #require(entries.first { $0["name"] == .string("gpu") })
            #expect(gpuQueue["depth"] == .integer(1))
            #expect(gpuQueue["depth_by_priority"]?.objectValue?["normal"] == .integer(1))
            #expect(gpuQueue["workers"] == .integer(0))
            #expect(gpuQueue["pipelines"] == .array([.string("train")]))
            #expect(queues.object["waiting"]?.objectValue?["concurrency"] == .integer(1))
            #expect(queues.object["waiting"]?.objectValue?["no_worker"] == .integer(2))
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"kickoff_named_queue_depth{queue="gpu",priority="normal"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"kickoff_named_queue_workers{queue="gpu"} 0"#))
            #expect(metrics.contains(#"kickoff_runs_waiting{reason="concurrency"} 1"#))
            #expect(metrics.contains(#"kickoff_runs_waiting{reason="no_worker"} 2"#))
        }
    }

    @Test func eachAPIKeyIsAFairnessGroupOfItsOwn() async throws {
        let fixture = try await FrontFixture()
        let other = try await fixture.keys.create(name: "other-team", scopes: [.trigger, .read]).key
        try await fixture.test { client in
            for _ in 0..<20 {
                _ = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                             body: #"{"parameters":{"source":"bulk"}}"#.buffer)
            }
            let single = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(other),
                                                  body: #"{"parameters":{"source":"one"}}"#.buffer)
            let id = try #require(single.object["id"]?.stringValue)
            let claimed = try await fixture.queue.blocking { queue in
                try (0..<2).compactMap { _ in try queue.claim(worker: "w", lease: .seconds(30))?.record.id }
            }
            #expect(claimed.contains(id))
        }
    }
}
