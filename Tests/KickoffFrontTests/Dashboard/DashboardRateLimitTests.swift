import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import Testing

/// The dashboard's forms that write (trigger, retry, cancel) take their tokens from the signed-in
/// key's bucket, the one the API takes from: a browser cannot trigger faster than the key could
/// through the API. Over the limit: a 429 page with `Retry-After`, and nothing is triggered.
@Suite struct DashboardRateLimitTests {
    /// Three at once, refilled so slowly (three an hour) that no token comes back while a test runs,
    /// however slow the machine: what the test sees does not depend on time.
    static let threeAnHour = RateLimit(requestsPerSecond: 3.0 / 3600, burst: 3)

    @Test func theTriggerFormAndRetryTakeTheKeysBucketWithTheAPI() async throws {
        let fixture = try await FrontFixture(rateLimit: Self.threeAnHour)
        try await fixture.test { client in
            let run = try await trigger(client, fixture)  // the API: token 1
            let browser = try await DashboardBrowser.login(client, key: fixture.triggerKey)
            let form = [("steps.extract.parameters.source", "s")]
            let triggered = try await browser.post("/ui/pipelines/etl/runs", form)  // token 2
            #expect(triggered.redirectedRunID != nil, "\(triggered.status) \(triggered.text)")
            let retried = try await browser.post("/ui/runs/\(run.id)/retry")  // token 3
            #expect(retried.redirectedRunID != nil, "\(retried.status) \(retried.text)")

            for (uri, fields) in [("/ui/pipelines/etl/runs", form), ("/ui/runs/\(run.id)/retry", [])] {
                let limited = try await browser.post(uri, fields)
                #expect(limited.status == .tooManyRequests, "\(uri): \(limited.status)")
                #expect(limited.redirectedRunID == nil)
                let retryAfter = try #require(limited.header("Retry-After").flatMap(Int.init), "\(uri)")
                #expect((1...1200).contains(retryAfter), "Retry-After \(retryAfter)")
                #expect(limited.headers[.contentType] == "text/html; charset=utf-8")
                #expect(limited.text.contains("429 Too Many Requests"), "\(limited.text)")
                #expect(limited.text.contains("retry after \(retryAfter) s"), "\(limited.text)")
            }
            // The same bucket: the API is out of tokens too.
            let api = try await client.execute(uri: "/v1/pipelines/etl/runs", method: .post, headers: .json(fixture.triggerKey),
                                               body: ByteBuffer(string: #"{"parameters":{"source":"s"}}"#))
            #expect(api.status == .tooManyRequests)
            // Reading the dashboard still works: only the forms that write take tokens.
            #expect(try await browser.get("/ui/runs").status == .ok)
        }
        let entries = try await fixture.runs.indexEntries(pipeline: nil, maximumScore: nil, offset: 0, count: 100)
        #expect(entries.count == 3, "the API's run, the form's and the retry's; nothing while limited")
    }
}
