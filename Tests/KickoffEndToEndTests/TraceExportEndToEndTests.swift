import Foundation
import KickoffModel
import KickoffTestSupport
import Testing

/// Spans over OTLP/HTTP (JSON) from a real front and worker, received by a small OTLP/HTTP
/// receiver (`WebhookReceiver` answering 200 to `POST /v1/traces`): the trigger, the queue wait,
/// each step and the webhook delivery, all in the caller's trace.
@Suite struct TraceExportEndToEndTests {
    static let pipelines = """
    pipelines:
      traced:
        steps:
          first: {run: [python3, step.py, inspect]}
          second: {run: [python3, step.py, echo], after: [first]}
    """
    static let callerTrace = "0af7651916cd43dd8448eb211c80319c"
    static let callerSpan = "b7ad6b7169203331"

    /// Every span the receiver got, by name.
    private func spans(_ receiver: WebhookReceiver) -> [String: [String: Any]] {
        var spans: [String: [String: Any]] = [:]
        for request in receiver.requests where request.path.hasSuffix("/v1/traces") {
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
            for resource in body?["resourceSpans"] as? [[String: Any]] ?? [] {
                for scope in resource["scopeSpans"] as? [[String: Any]] ?? [] {
                    for span in scope["spans"] as? [[String: Any]] ?? [] {
                        if let name = span["name"] as? String { spans[name] = span }
                    }
                }
            }
        }
        return spans
    }

    @Test func triggerQueueWaitStepsAndWebhookAreSpansOfTheCallersTrace() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let collector = try await WebhookReceiver { _ in .status(200) }
        let callback = try await WebhookReceiver { _ in .status(200) }
        let endpoint = "http://127.0.0.1:\(collector.port)"
        let environment = ["OTEL_EXPORTER_OTLP_ENDPOINT": endpoint, WebhookSettings.allowVariable: "127.0.0.1/32"]
        let front = try await fixture.startFront(environment: environment)
        try fixture.startWorker("traced", environment: environment)

        let answer = try await front.send("POST", "/v1/pipelines/traced/runs", json: #"{"callback_url":"\#(callback.url)"}"#,
                                          headers: ["traceparent": "00-\(Self.callerTrace)-\(Self.callerSpan)-01", "tracestate": "vendor=t61rcWkgMzE"])
        #expect(answer.status == 202, "\(answer.text)")
        let id = try #require(answer.json?["id"] as? String)
        let record = try await fixture.waitUntilFinished(id)
        #expect(record.status == .succeeded, "\(fixture.workerLogs())")

        let names = ["trigger traced", "queue_wait", "step first", "step second", "webhook run.succeeded"]
        try await Eventually.poll("the collector has every span") { Set(names).isSubset(of: Set(spans(collector).keys)) }
        let received = spans(collector)
        for name in names {
            #expect(received[name]?["traceId"] as? String == Self.callerTrace, "\(name): \(String(describing: received[name]))")
        }
        let trigger = try #require(received["trigger traced"]?["spanId"] as? String)
        #expect(received["trigger traced"]?["parentSpanId"] as? String == Self.callerSpan)
        for name in names.dropFirst() {
            #expect(received[name]?["parentSpanId"] as? String == trigger, "\(name) hangs under the trigger")
        }
        // The step's span is the one its TRACEPARENT names; the webhook's is the one its request carried.
        guard case .object(let output)? = record.steps.first?.output, case .object(let env)? = output["env"],
              case .string(let traceparent)? = env["TRACEPARENT"] else {
            Issue.record("no TRACEPARENT in the first step's environment")
            return
        }
        #expect(traceparent == "00-\(Self.callerTrace)-\(received["step first"]?["spanId"] as? String ?? "?")-01")
        try await Eventually.poll("the webhook arrived") { !callback.requests.isEmpty }
        let sent = callback.requests.first?.headers["traceparent"]
        #expect(sent == "00-\(Self.callerTrace)-\(received["webhook run.succeeded"]?["spanId"] as? String ?? "?")-01")
        #expect(callback.requests.first?.headers["tracestate"] == "vendor=t61rcWkgMzE")
        await collector.close()
        await callback.close()
    }
}
