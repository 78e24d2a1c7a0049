import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
@testable import KickoffModel
import KickoffStore
import KickoffTestSupport
import Testing

/// `sort=` of `GET /v1/runs`: what it accepts, how it orders, and the 422 for anything else.
@Suite struct RunSortTests {
    @Test func theAcceptedKeys() {
        #expect(RunSort(text: "-created_at") == .newestFirst)
        #expect(RunSort(text: "created_at") == .created(descending: false))
        #expect(RunSort(text: "outputs.accuracy") == .output(name: "accuracy", descending: false))
        #expect(RunSort(text: "-outputs.model_type") == .output(name: "model_type", descending: true))
        for bad in ["", "-", "accuracy", "outputs.", "outputs.a.b", "--created_at", "+created_at", "outputs.a b", "created", "-outputs"] {
            #expect(RunSort(text: bad) == nil, "\(bad)")
        }
        #expect(RunSort.output(name: "accuracy", descending: true).text == "-outputs.accuracy")
        #expect(RunSort.output(name: "accuracy", descending: true).reversed.text == "outputs.accuracy")
    }

    private func run(_ name: String, _ outputs: JSONValue?) -> RunRecord {
        RunRecord.sample(id: name, pipeline: "p", steps: [], outputs: outputs)
    }

    @Test func runsLackingTheOutputComeLastInEitherDirection() {
        // Newest first, as the index gives them.
        let records = [run("none", nil), run("low", .object(["accuracy": .integer(0)])), run("null", .object(["accuracy": .null])),
                       run("high", .object(["accuracy": .number(0.9)])), run("mid", .object(["accuracy": .number(0.5)])),
                       run("text", .string("not an object")), run("also-high", .object(["accuracy": .number(0.9)]))]
        let descending = RunSort.output(name: "accuracy", descending: true).sorted(records).map(\.id)
        #expect(descending == ["high", "also-high", "mid", "low", "none", "null", "text"])
        let ascending = RunSort.output(name: "accuracy", descending: false).sorted(records).map(\.id)
        #expect(ascending == ["low", "mid", "high", "also-high", "none", "null", "text"])
        #expect(RunSort.created(descending: false).sorted(records).map(\.id) == records.reversed().map(\.id))
    }

    @Test func valuesOfOneKindCompareByValueAndKindsKeepAnOrder() {
        #expect(OutputOrder.compare(.integer(2), .number(10.5)) < 0)
        #expect(OutputOrder.compare(.number(2.5), .integer(2)) > 0)
        #expect(OutputOrder.compare(.string("gradient_boosting"), .string("random_forest")) < 0)
        #expect(OutputOrder.compare(.bool(false), .bool(true)) < 0)
        #expect(OutputOrder.compare(.integer(1_000), .string("1")) < 0, "numbers before strings")
        #expect(OutputOrder.compare(.string("z"), .bool(false)) < 0, "strings before booleans")
        #expect(OutputOrder.compare(.integer(3), .integer(3)) == 0)
    }

    @Test func aBadSortIsA422NamingTheParameter() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            for bad in ["accuracy", "outputs.a.b", "-", "created"] {
                let answer = try await client.execute(uri: "/v1/runs?sort=\(bad)", method: .get, headers: fixture.read)
                #expect(answer.status == .unprocessableContent, "\(bad)")
                #expect(answer.headers[.contentType] == "application/problem+json")
                let fields = answer.json?.objectValue?["errors"]?.arrayValue?.compactMap { $0.objectValue?["field"]?.stringValue }
                #expect(fields == ["sort"], "\(answer.text)")
            }
            let cursor = RunListCursor(score: 1, id: RunID.make()).text
            let paged = try await client.execute(uri: "/v1/runs?sort=-outputs.accuracy&cursor=\(cursor)", method: .get, headers: fixture.read)
            #expect(paged.status == .unprocessableContent)
            #expect(paged.text.contains(#""field":"cursor""#))
            let fine = try await client.execute(uri: "/v1/runs?sort=created_at", method: .get, headers: fixture.read)
            #expect(fine.status == .ok)
        }
    }

    @Test func runsComeBackSortedByAnOutputWithTheLackingOnesLast() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            var ids: [String: String] = [:]
            for (name, accuracy) in [("low", 0.5), ("high", 0.9), ("mid", 0.7)] {
                _ = try await trigger(client, fixture, "etl", #"{"parameters":{"source":"\#(name)"}}"#)
                ids[name] = try await SimulatedWorker.runToSuccess(fixture.queue, outputs: .object(["accuracy": .number(accuracy)]))
            }
            _ = try await trigger(client, fixture, "etl", #"{"parameters":{"source":"none"}}"#)
            ids["none"] = try await SimulatedWorker.runToSuccess(fixture.queue, outputs: .object(["loss": .number(1)]))
            let other = try await trigger(client, fixture, "training_pipeline", "{}")

            let descending = try await client.execute(uri: "/v1/runs?pipeline=etl&sort=-outputs.accuracy", method: .get, headers: fixture.read)
            #expect(descending.status == .ok)
            #expect(Self.ids(descending) == ["high", "mid", "low", "none"].compactMap { ids[$0] })
            #expect(descending.object["next_cursor"] == .null)
            let ascending = try await client.execute(uri: "/v1/runs?pipeline=etl&sort=outputs.accuracy&limit=2", method: .get, headers: fixture.read)
            #expect(Self.ids(ascending) == ["low", "mid"].compactMap { ids[$0] })
            let oldest = try await client.execute(uri: "/v1/runs?sort=created_at", method: .get, headers: fixture.read)
            #expect(Self.ids(oldest) == ["low", "high", "mid", "none"].compactMap { ids[$0] } + [other.id])
            let succeeded = try await client.execute(uri: "/v1/runs?sort=-outputs.accuracy&status=succeeded", method: .get, headers: fixture.read)
            #expect(!Self.ids(succeeded).contains(other.id))
        }
    }

    static func ids(_ response: TestResponse) -> [String] {
        guard case .array(let runs)? = response.object["runs"] else { return [] }
        return runs.compactMap { $0.objectValue?["id"]?.stringValue }
    }
}
