import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
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
