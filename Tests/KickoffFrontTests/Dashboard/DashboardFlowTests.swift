import Hummingbird
import HummingbirdTesting
import KickoffModel
import KickoffStore
import KickoffTestSupport
import Testing

/// The dashboard's queue page has a row per named queue; a run's page says why it waits.
@Suite struct DashboardFlowTests {
    @Test func theQueuePageHasARowPerQueueAndARunPageSaysWhyItWaits() async throws {
        let fixture = try await FrontFixture(pipelinesYAML: FlowControlRouteTests.yaml)
        try await fixture.test { client in
            var ids: [String] = []
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/v1/pipelines/report/runs", method: .post, headers: .json(fixture.triggerKey), body: "{}".buffer)
                ids.append(try #require(response.object["id"]?.stringValue))
            }
            _ = try await client.execute(uri: "/v1/pipelines/train/runs", method: .post, headers: .json(fixture.triggerKey),
                                         body: #"{"parameters":{"model":"m"}}"#.buffer)
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            let queue = try await browser.get("/ui/queue").text
            #expect(queue.contains(#"<tr data-queue="default"><td><code>default</code></td>"#), "\(queue)")
            #expect(queue.contains(#"<tr data-queue="gpu"><td><code>gpu</code></td>"#))
            #expect(queue.contains("0 (no worker serves it)"))
            #expect(queue.contains(#"<span data-waiting="concurrency">1</span>"#))
            let blocked = try await browser.get("/ui/runs/\(ids[1])").text
            #expect(blocked.contains(#"data-waiting="concurrency">concurrency key "" (limit 1)"#) || blocked.contains(#"data-waiting="concurrency">concurrency key &quot;&quot; (limit 1)"#),
                    "\(blocked)")
            let first = try await browser.get("/ui/runs/\(ids[0])").text
            #expect(first.contains(#"data-waiting="no_worker">no worker serves queue default"#))
        }
    }
}
