import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

@Suite struct RunRouteTests {
    @Test func getCancelQueuedThenFinished() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture)
            let read = try await client.execute(uri: "/v1/runs/\(run.id)", method: .get, headers: fixture.read)
            #expect(read.status == .ok)
            #expect(read.runObject?.id == run.id)

            let readOnlyCancel = try await client.execute(uri: "/v1/runs/\(run.id)/cancel", method: .post, headers: fixture.read)
            #expect(readOnlyCancel.status == .forbidden)
            let cancel = try await client.execute(uri: "/v1/runs/\(run.id)/cancel", method: .post, headers: fixture.trigger)
            #expect(cancel.status == .accepted)
            #expect(cancel.runObject?.status == .canceled)
            #expect(cancel.json?.objectValue?["cancel"] == .string("immediate"))
            let again = try await client.execute(uri: "/v1/runs/\(run.id)/cancel", method: .post, headers: fixture.trigger)
            #expect(again.status == .conflict)
            #expect(again.headers[.contentType] == "application/problem+json")
            let missing = try await client.execute(uri: "/v1/runs/\(RunID.make())/cancel", method: .post, headers: fixture.trigger)
            #expect(missing.status == .notFound)
        }
    }

    @Test func cancelOfARunningRunIsRequested() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture)
            _ = try await fixture.queue.blocking { try $0.claim(worker: "w/1", lease: .seconds(30)) }
            let cancel = try await client.execute(uri: "/v1/runs/\(run.id)/cancel", method: .post, headers: fixture.trigger)
            #expect(cancel.status == .accepted)
            #expect(cancel.runObject?.status == .running)
            #expect(cancel.runObject?.cancelRequested == true)
            // The 202 says the worker stops it (it is not canceled yet), and the client reads it so.
            #expect(cancel.json?.objectValue?["cancel"] == .string("requested"))
            let answer = try JSONDecoder().decode(CancelAnswer.self, from: Data(cancel.text.utf8))
            #expect(answer.cancel == .requested)
            #expect(answer.run.id == run.id)
            // A second cancel of the still running run is requested again, not canceled at once.
            let again = try await client.execute(uri: "/v1/runs/\(run.id)/cancel", method: .post, headers: fixture.trigger)
            #expect(again.status == .accepted)
            #expect(again.json?.objectValue?["cancel"] == .string("requested"))
        }
    }

    @Test func listIsNewestFirstWithCursorPaginationAndFilters() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            var ids: [String] = []
            for index in 0..<5 { ids.append(try await trigger(client, fixture, index.isMultiple(of: 2) ? "etl" : "training_pipeline").id) }
            let canceled = ids[4]
            _ = try await client.execute(uri: "/v1/runs/\(canceled)/cancel", method: .post, headers: fixture.trigger)

            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/v1/runs?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.execute(uri: uri, method: .get, headers: fixture.read)
                #expect(page.status == .ok)
                guard case .array(let runs)? = page.object["runs"] else { Issue.record("no runs: \(page.text)"); return }
                #expect(runs.count <= 2)
                seen += runs.compactMap { run in if case .object(let fields) = run { fields["id"]?.stringValue } else { nil } }
                cursor = page.object["next_cursor"]?.stringValue
                pages += 1
            } while cursor != nil && pages < 10
            // Newest first: ids are UUIDv7, so creation order is id order.
            #expect(seen == ids.sorted().reversed())

            let etl = try await client.execute(uri: "/v1/runs?pipeline=etl", method: .get, headers: fixture.read)
            #expect(Set(Self.ids(etl)) == Set([ids[0], ids[2], ids[4]]))
            let canceledOnly = try await client.execute(uri: "/v1/runs?status=canceled", method: .get, headers: fixture.read)
            #expect(Self.ids(canceledOnly) == [canceled])
            let queuedETL = try await client.execute(uri: "/v1/runs?pipeline=etl&status=queued,running", method: .get, headers: fixture.read)
            #expect(Self.ids(queuedETL) == [ids[2], ids[0]])
            #expect(queuedETL.object["next_cursor"] == .null)

            let bad = try await client.execute(uri: "/v1/runs?limit=0&status=done&cursor=zzz&pipeline=a%20b", method: .get, headers: fixture.read)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.problemFields) == ["limit", "status", "cursor", "pipeline"])
        }
    }

    @Test func logsAsPlainText() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture, "training_pipeline")
            try await SimulatedWorker.runToSuccess(fixture.queue)
            let all = try await client.execute(uri: "/v1/runs/\(run.id)/logs", method: .get, headers: fixture.read)
            #expect(all.status == .ok)
            #expect(all.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(all.text.contains("==> load_data <==\nlog of load_data\n"))
            #expect(all.text.contains("log of evaluate"))
            let one = try await client.execute(uri: "/v1/runs/\(run.id)/logs?step=train_model", method: .get, headers: fixture.read)
            #expect(one.text == "log of train_model\n")
            let unknownStep = try await client.execute(uri: "/v1/runs/\(run.id)/logs?step=nope", method: .get, headers: fixture.read)
            #expect(unknownStep.status == .notFound)
            let finished = try await client.execute(uri: "/v1/runs/\(run.id)", method: .get, headers: fixture.read)
            let object = try #require(finished.runObject)
            #expect(object.status == .succeeded)
            #expect(object.outputs == .object(["accuracy": .number(0.87)]))
            #expect(object.steps.allSatisfy { $0.status == .succeeded && $0.exitCode == 0 })
            #expect(object.worker == "test-host/1")
            #expect(object.finishedAt != nil && object.startedAt != nil)
        }
    }

    static func ids(_ response: TestResponse) -> [String] {
        guard case .array(let runs)? = response.object["runs"] else { return [] }
        return runs.compactMap { run in if case .object(let fields) = run { fields["id"]?.stringValue } else { nil } }
    }
}
