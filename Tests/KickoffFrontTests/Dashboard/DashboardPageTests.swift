import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// What each dashboard page shows, against runs stored in the test Redis.
@Suite struct DashboardPageTests {
    @Test func theRunListFiltersByPipelineStatusAndTag() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let nightly = try await trigger(client, fixture, "etl", #"{"parameters":{"source":"a"},"tags":["nightly"]}"#)
            let adhoc = try await trigger(client, fixture, "etl", #"{"parameters":{"source":"b"},"tags":["adhoc"]}"#)
            let training = try await trigger(client, fixture, "training_pipeline", "{}")
            _ = try await client.execute(uri: "/v1/runs/\(adhoc.id)/cancel", method: .post, headers: fixture.trigger)
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)

            let all = try await browser.get("/ui/runs").text
            #expect([nightly.id, adhoc.id, training.id].allSatisfy(all.contains))
            // Newest first.
            let order = [training.id, adhoc.id, nightly.id].compactMap { all.range(of: $0)?.lowerBound }
            #expect(order.count == 3 && order == order.sorted())
            #expect(all.contains(#"<option value="etl">etl</option>"#))

            // The runs in the table (a filtered page's live stream also names the newest run of all).
            func listed(_ html: String) -> Set<String> {
                Set(html.components(separatedBy: #"<tr data-run-id=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) })
            }
            let etl = try await browser.get("/ui/runs?pipeline=etl").text
            #expect(listed(etl) == [nightly.id, adhoc.id])
            #expect(etl.contains(#"<option value="etl" selected>"#))
            let canceled = try await browser.get("/ui/runs?status=canceled").text
            #expect(listed(canceled) == [adhoc.id])
            let tagged = try await browser.get("/ui/runs?tag=nightly").text
            #expect(listed(tagged) == [nightly.id])
            #expect(tagged.contains(#"name="tag" value="nightly""#))
            let none = try await browser.get("/ui/runs?pipeline=etl&tag=nope").text
            #expect(none.contains("No runs match."))
            let bad = try await browser.get("/ui/runs?status=sleeping")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.headers[.contentType] == "text/html; charset=utf-8")
            #expect(bad.text.contains("&#39;sleeping&#39; is not one of"))
        }
    }

    @Test func theRunPageShowsTimelineParametersOutputsLogsAndDeliveries() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture, "training_pipeline",
                                        #"{"steps":{"train_model":{"parameters":{"model_type":"gradient_boosting","epochs":5}}},"tags":["ui"]}"#)
            let browser = try await DashboardBrowser.login(client, key: fixture.triggerKey)
            let queued = try await browser.get("/ui/runs/\(run.id)").text
            #expect(queued.contains("Cancel run"))
            #expect(queued.contains(#"<meta http-equiv="refresh""#), "a queued run's page refreshes itself without JavaScript")
            #expect(queued.contains(#"data-run-events="/ui/runs/\#(run.id)/events""#))

            #expect(try await SimulatedWorker.runToSuccess(fixture.queue) == run.id)
            let page = try await browser.get("/ui/runs/\(run.id)")
            #expect(page.status == .ok)
            let html = page.text
            for section in ["<h2>Steps</h2>", "<h2>Parameters</h2>", "<h2>Outputs</h2>", "<h2 id=\"logs\">Logs</h2>", "<h2>Webhook deliveries</h2>"] {
                #expect(html.contains(section), "\(section)")
            }
            #expect(html.contains(#"<svg class="timeline""#))
            for step in ["load_data", "train_model", "evaluate"] {
                #expect(html.contains(#"<tr data-step="\#(step)">"#), "\(step)")
                #expect(html.contains("log of \(step)"), "\(step)'s log")
            }
            #expect(html.contains(#"<td class="exit">0</td>"#))
            #expect(html.contains("<td>train_model</td><td>model_type</td><td><code>gradient_boosting</code></td>"))
            #expect(html.contains("<td>train_model</td><td>epochs</td><td><code>5</code></td>"))
            #expect(html.contains("&quot;accuracy&quot;:0.87"))
            #expect(html.contains("No webhook deliveries."))
            #expect(html.contains("Retry (new run, same parameters)"))
            #expect(!html.contains("Cancel run"), "a finished run has nothing to cancel")
            #expect(!html.contains(#"http-equiv="refresh""#))
        }
    }

    /// A running step's log so far (as the worker's live tail stores it) is on the run page, in an
    /// open box marked live, and the page's script looks again while the step runs; the API's logs
    /// have it too.
    @Test func theRunPageShowsARunningStepsLogSoFar() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture, "etl", #"{"parameters":{"source":"s"}}"#)
            let claimed = try #require(try await fixture.queue.blocking { try $0.claim(worker: "w/1", lease: .seconds(30)) })
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            try await fixture.queue.blocking { queue in
                _ = try queue.recordStep(claimed, state: StepState(name: "extract", status: .running, startedAt: 1), event: "step.started")
            }
            let starting = try await browser.get("/ui/runs/\(run.id)").text
            #expect(starting.contains("(no output yet)"))
            #expect(starting.contains(#"data-poll="2""#))
            #expect(try await fixture.queue.blocking { try $0.stepLog(claimed, step: "extract", log: "reading <source>\n") } == .ok)

            let page = try await browser.get("/ui/runs/\(run.id)").text
            #expect(page.contains(#"<pre tabindex="0" data-log-step="extract" data-live="1">reading &lt;source&gt;"#))
            #expect(page.contains("live: the output so far"))
            #expect(page.contains(#"<details class="log" open>"#))
            #expect(page.contains(#"data-poll="2""#))
            #expect(page.contains(#"http-equiv="refresh""#), "without JavaScript the page refreshes itself")
            let logs = try await client.execute(uri: "/v1/runs/\(run.id)/logs?step=extract", method: .get, headers: fixture.read)
            #expect(logs.text == "reading <source>\n")

            try await fixture.queue.blocking { queue in
                _ = try queue.finish(claimed, status: .succeeded, outputs: nil, error: nil,
                                     ended: EndedStep(state: StepState(name: "extract", status: .succeeded, startedAt: 1, finishedAt: 2, exitCode: 0),
                                                      event: "step.succeeded", log: "reading <source>\ndone\n"))
            }
            let ended = try await browser.get("/ui/runs/\(run.id)").text
            #expect(ended.contains(#"<pre tabindex="0" data-log-step="extract">reading &lt;source&gt;\#ndone"#))
            #expect(!ended.contains("live: the output so far"))
            #expect(!ended.contains("data-poll"))
        }
    }

    @Test func cancelAndRetryFromTheRunPage() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture, "training_pipeline",
                                        #"{"steps":{"train_model":{"parameters":{"epochs":9}}},"tags":["x"],"priority":"high"}"#)
            let browser = try await DashboardBrowser.login(client, key: fixture.triggerKey)
            let cancel = try await browser.post("/ui/runs/\(run.id)/cancel")
            #expect(cancel.redirectedRunID == run.id)
            #expect(try await fixture.runs.run(id: run.id)?.status == .canceled)
            let again = try await browser.post("/ui/runs/\(run.id)/cancel")
            #expect(again.status == .conflict)

            let retry = try await browser.post("/ui/runs/\(run.id)/retry")
            let retried = try #require(retry.redirectedRunID)
            #expect(retried != run.id)
            let record = try #require(try await fixture.runs.run(id: retried))
            #expect(record.status == .queued)
            #expect(record.pipeline == "training_pipeline")
            #expect(record.parameters == run.parameters)
            #expect(record.tags == ["x"])
            #expect(record.priority == .high)
        }
    }

    @Test func thePipelinesPageShowsParametersPresetsAndATriggerForm() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let browser = try await DashboardBrowser.login(client, key: fixture.triggerKey)
            let html = try await browser.get("/ui/pipelines").text
            #expect(html.contains("<h2>training_pipeline</h2>") && html.contains("<h2>etl</h2>"))
            #expect(html.contains("<p>Train and evaluate a classifier.</p>"))
            #expect(html.contains("<td><code>model_type</code></td><td>string</td>"))
            #expect(html.contains("<td>random_forest, gradient_boosting</td>"))
            #expect(html.contains("<td><code>epochs</code></td><td>integer</td><td><code>3</code></td>"))
            #expect(html.contains("<b>production</b>"))
            #expect(html.contains("s3://production-bucket/latest-data.csv"))
            #expect(html.contains(#"<form class="trigger" method="post" action="/ui/pipelines/training_pipeline/runs">"#))
            #expect(html.contains(#"<select name="preset"><option value="">(none)</option><option value="production">production</option></select>"#))
            #expect(html.contains(#"<select name="steps.train_model.parameters.model_type">"#))
            #expect(html.contains(#"<option value="gradient_boosting">gradient_boosting</option>"#))
            #expect(html.contains(#"<input name="steps.train_model.parameters.epochs" value="" placeholder="default: 3">"#))
            #expect(html.contains(#"<input name="steps.extract.parameters.source" value="" placeholder="required">"#))
            #expect(html.contains(#"name="csrf_token""#))
        }
    }

    @Test func triggeringFromTheFormCreatesARunWithTheFormsParameters() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let browser = try await DashboardBrowser.login(client, key: fixture.triggerKey)
            let response = try await browser.post("/ui/pipelines/training_pipeline/runs", [
                ("preset", "production"),
                ("steps.load_data.parameters.data_url", ""),
                ("steps.train_model.parameters.model_type", "gradient_boosting"),
                ("steps.train_model.parameters.epochs", "7"),
                ("tags", "from-ui, nightly"),
                ("priority", "high"),
            ])
            let id = try #require(response.redirectedRunID, "\(response.status) \(response.text)")
            let record = try #require(try await fixture.runs.run(id: id))
            #expect(record.pipeline == "training_pipeline")
            #expect(record.status == .queued)
            // The empty field left the preset's value in place.
            #expect(record.parameters["load_data"]?["data_url"] == .string("s3://production-bucket/latest-data.csv"))
            #expect(record.parameters["train_model"]?["model_type"] == .string("gradient_boosting"))
            #expect(record.parameters["train_model"]?["epochs"] == .integer(7))
            #expect(record.tags == ["from-ui", "nightly"])
            #expect(record.priority == .high)
            let page = try await browser.get("/ui/runs/\(id)")
            #expect(page.text.contains("<td>train_model</td><td>epochs</td><td><code>7</code></td>"))
        }
    }

    @Test func aRefusedTriggerShowsTheFormAgainWithEachFieldsError() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let browser = try await DashboardBrowser.login(client, key: fixture.triggerKey)
            let response = try await browser.post("/ui/pipelines/training_pipeline/runs", [
                ("steps.train_model.parameters.model_type", "svm"),
                ("steps.train_model.parameters.epochs", "many"),
            ])
            #expect(response.status == .unprocessableContent)
            let html = response.text
            #expect(html.contains("The run was not started"))
            #expect(html.contains("<code>steps.train_model.parameters.epochs</code>: &#39;many&#39; is not a integer")
                    || html.contains("&#39;many&#39; is not a integer"))
            #expect(html.contains("<code>steps.train_model.parameters.model_type</code>"))
            // What was typed is shown again.
            #expect(html.contains(#"<input name="steps.train_model.parameters.epochs" value="many""#))
            let missing = try await browser.post("/ui/pipelines/etl/runs", [])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("<code>steps.extract.parameters.source</code>: required"))
            let count = try await fixture.client.send(RedisCommand("ZCARD", StoreKeys(namespace: fixture.queue.namespace).runsIndex))
            #expect(count == .integer(0))
        }
    }

    @Test func hostileValuesAreShownEscaped() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let hostile = #"<script>alert("x")</script>"#
            let run = try await trigger(client, fixture, "etl", #"{"parameters":{"source":"<script>alert(\"x\")</script>"},"tags":["\"><img src=x onerror=alert(1)>"]}"#)
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            for page in ["/ui/runs/\(run.id)", "/ui/runs", "/ui/runs?tag=" + DashboardBrowser.encode(#""><img src=x>"#)] {
                let html = try await browser.get(page).text
                #expect(!html.contains(hostile), "\(page)")
                #expect(!html.contains("<img src=x"), "\(page)")
            }
            let html = try await browser.get("/ui/runs/\(run.id)").text
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        }
    }

    @Test func theQueuePageShowsDepthsLeasesAndDeadLetters() async throws {
        let fixture = try await FrontFixture()
        let admin = try await fixture.keys.create(name: "ops", scopes: [.admin]).key
        // First a finished run whose callback delivery failed for good: one dead letter.
        let (_, delivery) = try await fixture.finishedRunWithDeadLetter()

        try await fixture.test { client in
            for priority in ["high", "normal", "normal", "low", "low", "low"] {
                _ = try await trigger(client, fixture, "etl", #"{"parameters":{"source":"s"},"priority":"\#(priority)"}"#)
            }
            // The high one is claimed: 0 high, 2 normal, 3 low wait.
            let claimed = try #require(try await fixture.queue.blocking { try $0.claim(worker: "box-7/4242", lease: .seconds(30)) })
            #expect(claimed.record.priority == .high)

            let reader = try await DashboardBrowser.login(client, key: fixture.readKey)
            let html = try await reader.get("/ui/queue").text
            #expect(html.contains(#"data-depth="high">0<"#))
            #expect(html.contains(#"data-depth="normal">2<"#))
            #expect(html.contains(#"data-depth="low">3<"#))
            #expect(html.contains(#"data-depth="delayed">0<"#))
            #expect(html.contains("<h2>Running (1)</h2>"))
            #expect(html.contains("<code>\(claimed.record.id)</code>"))
            #expect(html.contains("<td>box-7/4242</td>"))
            #expect(html.contains("expires in"))
            #expect(html.contains("Dead letters need a key with the <code>admin</code> scope."))
            #expect(!html.contains(delivery.id))

            let operator_ = try await DashboardBrowser.login(client, key: admin)
            let adminPage = try await operator_.get("/ui/queue").text
            #expect(adminPage.contains("<code>\(delivery.id)</code>"))
            #expect(adminPage.contains("https://example.com/hook"))
            #expect(adminPage.contains("410 HTTP 410"))
            #expect(adminPage.contains(#"action="/ui/webhooks/dead-letters/\#(delivery.id)/redeliver""#))

            let refused = try await reader.post("/ui/webhooks/dead-letters/\(delivery.id)/redeliver")
            #expect(refused.status == .forbidden)
            let redeliver = try await operator_.post("/ui/webhooks/dead-letters/\(delivery.id)/redeliver")
            #expect(redeliver.status == .seeOther)
            #expect(try await fixture.webhooksDelivery(delivery.id)?.state == .pending)
            let after = try await operator_.get(try #require(redeliver.headers[.location])).text
            #expect(after.contains("Delivery \(delivery.id) is queued again."))
            #expect(after.contains("No dead letters."))
        }
    }
}

extension FrontFixture {
    func webhooksDelivery(_ id: String) async throws -> WebhookDelivery? {
        try await WebhookStore(client: client, operations: queue.operations).delivery(id: id)
    }
}
