import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import NIOCore
import Testing

/// The dashboard's Sources page and a hook run's page, after deliveries to the fixture's `store` source.
@Suite struct DashboardSourcesTests {
    @Test func theSourcesPageShowsRoutesCountsAndDeliveriesAndTheRunPageWhoStartedIt() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            func deliver(_ body: String, token: String = FrontFixture.storeToken) async throws -> TestResponse {
                try await client.execute(uri: "/v1/hooks/store", method: .post,
                                         headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                         body: ByteBuffer(string: body))
            }
            let created = try await deliver(#"{"EventName":"s3:ObjectCreated:Put","Key":"in/a.csv"}"#)
            #expect(created.status == .accepted, "\(String(buffer: created.body))")
            let answer = try JSONTextReader.parse(Array(String(buffer: created.body).utf8))
            guard case .object(let object) = answer, case .array(let runs)? = object["runs"], case .object(let run)? = runs.first,
                  case .string(let id)? = run["id"] else {
                Issue.record("no run in \(answer)")
                return
            }
            let filtered = try await deliver(#"{"EventName":"s3:ObjectRemoved:Delete","Key":"in/a.csv"}"#)
            #expect(filtered.status == .accepted)
            let refused = try await deliver("{}", token: "guess")
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.contentType] == "application/problem+json")

            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            let page = try await browser.get("/ui/sources").text
            #expect(page.contains("<h2>store <span class=\"note\">(token)</span></h2>"), "\(page)")
            #expect(page.contains("POST /v1/hooks/store"))
            #expect(page.contains("s3:ObjectRemoved:Delete") && page.contains("s3:ObjectCreated:Put"))
            #expect(page.contains("href=\"/ui/runs/\(id)\""))
            #expect(page.contains(#"<td class="number">1</td><td class="number">1</td><td class="number">0</td><td class="number">0</td><td class="number">1</td>"#),
                    "created, filtered, duplicate, invalid_parameters, unauthorized")
            let runPage = try await browser.get("/ui/runs/\(id)").text
            #expect(runPage.contains("<dt>Triggered by</dt><dd>source store, delivery sha256:"), "\(runPage)")
            #expect(runPage.contains("event s3:ObjectCreated:Put"))
        }
    }
}

/// `trigger` on runs started through the API, the dashboard's form and its retry button.
@Suite struct RunTriggerKindTests {
    @Test func apiFormAndRetryEachSayWhoStartedTheRun() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let api = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                               body: ByteBuffer(string: #"{"parameters":{"source":"a"}}"#))
            #expect(api.status == .accepted)
            guard case .object(let object) = try JSONTextReader.parse(Array(String(buffer: api.body).utf8)),
                  case .string(let id)? = object["id"], case .object(let trigger)? = object["trigger"] else {
                Issue.record("no run: \(String(buffer: api.body))")
                return
            }
            #expect(trigger["kind"] == .string("api") && trigger["name"] == .string("ci") && trigger["delivery"] == .null)

            let browser = try await DashboardBrowser.login(client, key: fixture.triggerKey)
            let retried = try #require(try await browser.post("/ui/runs/\(id)/retry").redirectedRunID)
            #expect(try await fixture.runs.run(id: retried)?.trigger == RunTrigger(kind: .retry, name: id))
            let formed = try #require(try await browser.post("/ui/pipelines/etl/runs", [("steps.extract.parameters.source", "b")]).redirectedRunID)
            #expect(try await fixture.runs.run(id: formed)?.trigger == RunTrigger(kind: .dashboard, name: "ci"))
            let page = try await browser.get("/ui/runs/\(retried)").text
            #expect(page.contains("<dt>Triggered by</dt><dd>retry \(id)</dd>"), "\(page)")
        }
    }
}
