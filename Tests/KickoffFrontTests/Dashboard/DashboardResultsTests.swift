import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import Testing

/// The pipeline's graph, the runs list's output columns and order, and the comparison of runs.
@Suite struct DashboardResultsTests {
    /// The test file with `display:` on `etl`.
    static let displayYAML = FrontFixture.pipelinesYAML.replacingOccurrences(
        of: "  etl:\n    working_directory: .\n",
        with: "  etl:\n    working_directory: .\n    display: {outputs: [accuracy, model_type]}\n")

    private func finishedETLRun(_ client: any TestClientProtocol, _ fixture: FrontFixture, source: String, outputs: JSONValue) async throws -> String {
        _ = try await trigger(client, fixture, "etl", #"{"parameters":{"source":"\#(source)"}}"#)
        return try #require(try await SimulatedWorker.runToSuccess(fixture.queue, outputs: outputs))
    }

    private func listed(_ html: String) -> [String] {
        html.components(separatedBy: #"<tr data-run-id=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func thePipelinesPageDrawsEachPipelinesGraph() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            let page = try await browser.get("/ui/pipelines").text
            #expect(page.components(separatedBy: #"<svg class="dag" data-graph="pipeline""#).count - 1 == 2)
            for step in ["load_data", "train_model", "evaluate", "extract"] {
                #expect(page.contains(#"data-step="\#(step)""#), "\(step)")
            }
            #expect(page.contains(#"<path class="edge" data-from="load_data" data-to="train_model""#))
            #expect(page.contains(#"aria-label="evaluate, runs after train_model""#))
        }
    }

    @Test func theRunPageDrawsTheGraphWithEachStepsStatus() async throws {
        let fixture = try await FrontFixture()
        try await fixture.test { client in
            let run = try await trigger(client, fixture, "training_pipeline", "{}")
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)
            let queued = try await browser.get("/ui/runs/\(run.id)").text
            #expect(queued.contains(#"<g class="node pending" data-step="load_data" data-status="pending""#))
            #expect(queued.contains("○ pending</text>"))
            #expect(try await SimulatedWorker.runToSuccess(fixture.queue) == run.id)
            let done = try await browser.get("/ui/runs/\(run.id)").text
            #expect(done.contains(#"data-graph="run""#))
            for step in ["load_data", "train_model", "evaluate"] {
                #expect(done.contains(#"data-step="\#(step)" data-status="succeeded" role="img" aria-label="\#(step), status succeeded"#))
            }
            #expect(done.contains(#"<path class="edge" data-from="train_model" data-to="evaluate""#))
            // Inside <main>: the script's live updates swap it with the rest of the page.
            let main = try #require(done.range(of: "<main>"))
            #expect(done.range(of: "<svg class=\"dag\"")?.lowerBound ?? main.lowerBound > main.lowerBound)
        }
    }

    @Test func oneRunsListShowsTheDisplayedOutputsSortableWithCheckboxes() async throws {
        let fixture = try await FrontFixture(pipelinesYAML: Self.displayYAML)
        try await fixture.test { client in
            let low = try await finishedETLRun(client, fixture, source: "a", outputs: .object(["accuracy": .number(0.61), "model_type": .string("random_forest")]))
            let high = try await finishedETLRun(client, fixture, source: "b", outputs: .object(["accuracy": .number(0.93), "model_type": .string("gradient_boosting")]))
            let none = try await finishedETLRun(client, fixture, source: "c", outputs: .object(["loss": .integer(1)]))
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)

            let all = try await browser.get("/ui/runs").text
            #expect(!all.contains(#"data-output="accuracy""#), "columns only when filtered to one pipeline")
            #expect(all.contains(#"<form id="compare" class="compare" method="get" action="/ui/compare">"#))
            #expect(all.contains(#"<input type="checkbox" name="run" value="\#(low)" form="compare" aria-label="Select run \#(low) to compare">"#))

            let etl = try await browser.get("/ui/runs?pipeline=etl").text
            #expect(listed(etl) == [none, high, low])
            #expect(etl.contains(#"<td class="output" data-output="accuracy">0.93</td>"#))
            #expect(etl.contains(#"<td class="output" data-output="model_type">random_forest</td>"#))
            #expect(etl.contains(#"<th><a href="/ui/runs?pipeline=etl&amp;sort=-outputs.accuracy" data-sort="-outputs.accuracy">accuracy</a></th>"#))

            let best = try await browser.get("/ui/runs?pipeline=etl&sort=-outputs.accuracy").text
            #expect(listed(best) == [high, low, none], "the lacking run last")
            #expect(best.contains(#"<th aria-sort="descending"><a href="/ui/runs?pipeline=etl&amp;sort=outputs.accuracy" data-sort="outputs.accuracy">accuracy</a> <span class="note">(highest first)</span></th>"#))
            let worst = try await browser.get("/ui/runs?pipeline=etl&sort=outputs.accuracy").text
            #expect(listed(worst) == [low, high, none])
            #expect(worst.contains("(lowest first)"))
            let oldest = try await browser.get("/ui/runs?pipeline=etl&sort=created_at").text
            #expect(listed(oldest) == [low, high, none])
            #expect(oldest.contains(#"<th aria-sort="ascending"><a href="/ui/runs?pipeline=etl" data-sort="-created_at">Created (UTC)</a> <span class="note">(oldest first)</span></th>"#))
            #expect(etl.contains("Created (UTC)</a> <span class=\"note\">(newest first)</span>"))

            let bad = try await browser.get("/ui/runs?pipeline=etl&sort=accuracy")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("<code>sort</code>"))
        }
    }

    @Test func theComparePageShowsRunsSideBySideWithTheDifferencesMarked() async throws {
        let fixture = try await FrontFixture(pipelinesYAML: Self.displayYAML)
        try await fixture.test { client in
            let first = try await finishedETLRun(client, fixture, source: "same", outputs: .object(["accuracy": .number(0.61), "model_type": .string("random_forest"), "rows": .integer(10)]))
            let second = try await finishedETLRun(client, fixture, source: "same", outputs: .object(["accuracy": .number(0.93), "model_type": .string("random_forest"), "rows": .integer(10)]))
            let browser = try await DashboardBrowser.login(client, key: fixture.readKey)

            let page = try await browser.get("/ui/compare?run=\(first)&run=\(second)")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<h1>Compare 2 runs</h1>"))
            for id in [first, second] {
                #expect(html.contains(#"<a href="/ui/runs/\#(id)"><code>\#(id)</code></a>"#))
                #expect(html.contains(#"<a href="/ui/runs/\#(id)#logs">logs</a>"#))
            }
            #expect(html.contains(#"<tr class="differs" data-differs="1"><th scope="row">accuracy <span class="differs-mark">≠ differs</span></th><td><code>0.61</code></td><td><code>0.93</code></td></tr>"#))
            #expect(html.contains(#"<tr><th scope="row">model_type</th><td><code>random_forest</code></td><td><code>random_forest</code></td></tr>"#))
            #expect(html.contains(#"<tr><th scope="row">extract.source</th><td><code>same</code></td><td><code>same</code></td></tr>"#))
            // The displayed outputs come first, then the others.
            let accuracy = try #require(html.range(of: ">accuracy"))
            let rows = try #require(html.range(of: ">rows<"))
            #expect(accuracy.lowerBound < rows.lowerBound)
            // Accuracy differs; the times may (they are the test's own), the rest do not.
            #expect(html.contains(#"values differ; rows marked <span class="differs-mark">≠ differs</span>"#))
            #expect(!html.contains(#"data-differing="0""#))
            #expect(html.contains(#"<tr><th scope="row">pipeline</th><td><code>etl</code></td><td><code>etl</code></td></tr>"#))

            let one = try await browser.get("/ui/compare?run=\(first)&run=\(first)")
            #expect(one.status == .unprocessableContent)
            #expect(one.text.contains("select from 2 to 10 runs"))
            let missing = try await browser.get("/ui/compare?run=\(first)&run=\(RunID.make())")
            #expect(missing.status == .notFound)
            let anonymous = try await client.execute(uri: "/ui/compare?run=\(first)&run=\(second)", method: .get)
            #expect(anonymous.headers[.location] == "/ui/login")
        }
    }
}
