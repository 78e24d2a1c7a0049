import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

@Suite struct TriggerTests {
    @Test func nativeTriggerAnswers202WithLocationAndStoresTheRun() async throws {
        let fixture = try await FrontFixture()
        let body = #"{"parameters":{"data_url":"s3://b/x.csv"},"steps":{"train_model":{"parameters":{"epochs":5}}},"tags":["nightly"],"priority":"high","callback_url":"https://example.com/hook"}"#
        let response = try await fixture.test { client in
            try await client.execute(uri: "/v1/pipelines/training_pipeline/runs", method: .post, headers: .json(fixture.triggerKey), body: body.buffer)
        }
        #expect(response.status == .accepted)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        let run = try #require(response.runObject, "\(response.text)")
        #expect(response.headers[.location] == "/v1/runs/\(run.id)")
        #expect(run.status == .queued)
        #expect(run.maxAttempts == 3)
        #expect(run.links.`self` == "/v1/runs/\(run.id)")
        #expect(run.webhookDeliveries.isEmpty)
        #expect(run.error == nil)
        #expect(!response.text.contains("token"))
        #expect(response.object["error"] == .null)
        // RFC 3339 with milliseconds, in UTC.
        #expect(run.createdAt.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression) != nil)

        let stored = try #require(try await fixture.runs.run(id: run.id))
        #expect(stored.pipeline == "training_pipeline")
        #expect(stored.priority == .high)
        #expect(stored.tags == ["nightly"])
        #expect(stored.callbackURL == "https://example.com/hook")
        #expect(stored.parameters["load_data"]?["data_url"] == .string("s3://b/x.csv"))
        #expect(stored.parameters["train_model"]?["epochs"] == .integer(5))
        #expect(stored.parameters["train_model"]?["model_type"] == .string("random_forest"))
        #expect(stored.steps.map(\.name) == ["load_data", "train_model", "evaluate"])
    }

    @Test func emptyBodyPresetAndDelayGiveAScheduledRun() async throws {
        let fixture = try await FrontFixture()
        let (plain, scheduled) = try await fixture.test { client in
            let plain = try await client.execute(uri: "/v1/pipelines/training_pipeline/runs", method: .post, headers: fixture.trigger)
            let scheduled = try await client.execute(uri: "/v1/pipelines/training_pipeline/runs", method: .post, headers: .json(fixture.triggerKey),
                                                     body: #"{"preset":"production","delay_seconds":3600}"#.buffer)
            return (plain, scheduled)
        }
        #expect(plain.status == .accepted)
        #expect(scheduled.status == .accepted)
        let run = try #require(scheduled.runObject)
        #expect(run.status == .scheduled)
        #expect(run.notBefore != nil)
        #expect(run.parameters["load_data"]?["data_url"] == .string("s3://production-bucket/latest-data.csv"))
    }

    @Test func zenMLTriggerBody() async throws {
        let fixture = try await FrontFixture()
        let body = #"{"pipeline_name":"training_pipeline","steps":{"load_data":{"parameters":{"data_url":"s3://zen/x.csv"}},"train_model":{"parameters":{"model_type":"gradient_boosting"}}}}"#
        let response = try await fixture.test { client in
            try await client.execute(uri: "/trigger", method: .post, headers: .json(fixture.triggerKey), body: body.buffer)
        }
        #expect(response.status == .accepted)
        let object = response.object
        #expect(object["status"] == .string("accepted"))
        let id = try #require(object["run_id"]?.stringValue)
        #expect(object["status_url"] == .string("/v1/runs/\(id)"))
        let stored = try #require(try await fixture.runs.run(id: id))
        #expect(stored.parameters["train_model"]?["model_type"] == .string("gradient_boosting"))
        #expect(stored.parameters["load_data"]?["data_url"] == .string("s3://zen/x.csv"))
    }

    @Test func zenMLTriggerNeedsAKnownPipeline() async throws {
        let fixture = try await FrontFixture()
        let (missing, unknown) = try await fixture.test { client in
            (try await client.execute(uri: "/trigger", method: .post, headers: .json(fixture.triggerKey), body: #"{"steps":{}}"#.buffer),
             try await client.execute(uri: "/trigger", method: .post, headers: .json(fixture.triggerKey), body: #"{"pipeline_name":"nope"}"#.buffer))
        }
        #expect(missing.status == .unprocessableContent)
        #expect(missing.problemFields == ["pipeline_name"])
        #expect(unknown.status == .notFound)
    }

    @Test func unprocessableListsEveryBadFieldWithItsPath() async throws {
        let fixture = try await FrontFixture()
        let body = #"""
        {"parameters":{"nope":1},"steps":{"train_model":{"parameters":{"model_type":"svm","epochs":"many"}},"ghost":{"parameters":{}}},
         "preset":"staging","priority":"urgent","tags":["ok",7],"delay_seconds":-1,"callback_url":"ftp://x","colour":"blue"}
        """#
        let response = try await fixture.test { client in
            try await client.execute(uri: "/v1/pipelines/training_pipeline/runs", method: .post, headers: .json(fixture.triggerKey), body: body.buffer)
        }
        #expect(response.status == .unprocessableContent)
        #expect(response.headers[.contentType] == "application/problem+json")
        let fields = Set(response.problemFields)
        for field in ["colour", "priority", "tags[1]", "delay_seconds", "callback_url", "preset", "steps.ghost", "parameters.nope",
                      "steps.train_model.parameters.model_type", "steps.train_model.parameters.epochs"] {
            #expect(fields.contains(field), "missing \(field) in \(fields)")
        }
        #expect(response.object["status"] == .integer(422))
        #expect(try await fixture.queue.send(RedisCommand("ZCARD", fixture.queue.keys.runsIndex)) == .integer(0))
    }

    @Test func requiredParameterAndWrongShapes() async throws {
        let fixture = try await FrontFixture()
        let (missing, shapes, notObject) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: "{}".buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                      body: #"{"parameters":[1],"steps":{"extract":5},"tags":"x"}"#.buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: "[1,2]".buffer))
        }
        #expect(missing.status == .unprocessableContent)
        #expect(missing.problemFields == ["steps.extract.parameters.source"])
        #expect(shapes.status == .unprocessableContent)
        #expect(Set(shapes.problemFields).isSuperset(of: ["parameters", "steps.extract", "tags"]))
        #expect(notObject.status == .unprocessableContent)
        #expect(notObject.problemFields == ["body"])
    }

    @Test func malformedJSONBadUTF8AndHugeBodies() async throws {
        let fixture = try await FrontFixture()
        let huge = "{\"tags\":[\"" + String(repeating: "a", count: 1 << 20) + "\"]}"
        let (malformed, badUTF8, tooLarge, unknownPipeline) = try await fixture.test { client in
            (try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: #"{"parameters": {"#.buffer),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                      body: ByteBuffer(bytes: Array(#"{"preset":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))),
             try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: huge.buffer),
             try await client.execute(uri: "/v1/pipelines/nope/runs", method: .post, headers: .json(fixture.triggerKey), body: "{}".buffer))
        }
        #expect(malformed.status == .badRequest)
        #expect(malformed.object["type"] == .string("urn:kickoff:problem:malformed-json"))
        #expect(badUTF8.status == .badRequest)
        #expect(badUTF8.object["type"] == .string("urn:kickoff:problem:bad-encoding"))
        #expect(tooLarge.status == .contentTooLarge)
        #expect(tooLarge.headers[.contentType] == "application/problem+json")
        #expect(unknownPipeline.status == .notFound)
        for response in [malformed, badUTF8, tooLarge, unknownPipeline] {
            #expect(response.object["errors"] != nil && response.object["title"] != nil && response.object["detail"] != nil)
        }
    }

    @Test func metricsCountTriggers() async throws {
        let fixture = try await FrontFixture()
        let metrics = try await fixture.test { client in
            _ = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: #"{"parameters":{"source":"a"}}"#.buffer)
            _ = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey), body: "{}".buffer)
            return try await client.execute(uri: "/metrics", method: .get)
        }
        #expect(metrics.status == .ok)
        #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
        #expect(metrics.text.contains(#"kickoff_triggers_total{pipeline="etl",outcome="accepted"} 1"#))
        #expect(metrics.text.contains(#"kickoff_triggers_total{pipeline="etl",outcome="invalid"} 1"#))
    }
}
