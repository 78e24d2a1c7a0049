import AsyncHTTPClient
import Foundation
import KickoffModel
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends finished spans to an OpenTelemetry collector over OTLP/HTTP with JSON bodies, when
/// `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set.
///
/// Hand-written rather than swift-otel: the spans Kickoff makes are a handful per run, already timed
/// and identified (W3C ids from the run's trace context), so what is needed is one POST of JSON in
/// batches, over the async-http-client every process already links. swift-otel (with
/// swift-distributed-tracing, gRPC and swift-protobuf) took about 7 minutes of a first build on 2
/// cores, on top of Kickoff's own. Best effort: a span that cannot be sent is dropped, never retried
/// at the cost of a run.
public final class SpanExporter: Sendable {
    /// The process's exporter, from its environment; nil when no endpoint is configured.
    public static let shared: SpanExporter? = SpanExporter(environment: ProcessInfo.processInfo.environment)

    /// Where spans are POSTed: `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`, or the traces endpoint as given.
    public let url: String
    public let serviceName: String
    private let pending = Mutex<(spans: [TraceSpan], flushScheduled: Bool)>(([], false))
    /// Spans wait this long to travel together (a run's steps end close to each other).
    static let batchDelay: Duration = .milliseconds(200)
    static let maximumBatch = 512

    public init?(environment: [String: String]) {
        if let traces = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], !traces.isEmpty {
            url = traces
        } else if let base = environment["OTEL_EXPORTER_OTLP_ENDPOINT"], !base.isEmpty {
            url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/traces"
        } else {
            return nil
        }
        serviceName = environment["OTEL_SERVICE_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "kickoff"
    }

    /// Queues a finished span; it leaves within `batchDelay`. Callable from any thread, never blocks.
    public func record(_ span: TraceSpan) {
        let schedule = pending.withLock { state -> Bool in
            if state.spans.count >= Self.maximumBatch * 4 { return false }  // the collector is not keeping up: drop
            state.spans.append(span)
            if state.flushScheduled { return false }
            state.flushScheduled = true
            return true
        }
        guard schedule else { return }
        Task {
            try? await Task.sleep(for: Self.batchDelay)
            await self.flush()
        }
    }

    /// Sends what is queued now.
    public func flush() async {
        let spans = pending.withLock { state -> [TraceSpan] in
            let taken = state.spans
            state.spans = []
            state.flushScheduled = false
            return taken
        }
        var start = 0
        while start < spans.count {
            let batch = Array(spans[start..<min(spans.count, start + Self.maximumBatch)])
            start += batch.count
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body(batch).jsonString()))
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)) {
                _ = try? await response.body.collect(upTo: 64 * 1024)
            }
        }
    }

    /// An OTLP/JSON `ExportTraceServiceRequest`.
    func body(_ spans: [TraceSpan]) -> JSONValue {
        .object(["resourceSpans": .array([.object([
            "resource": .object(["attributes": .array([
                .object(["key": .string("service.name"), "value": .object(["stringValue": .string(serviceName)])]),
            ])]),
            "scopeSpans": .array([.object([
                "scope": .object(["name": .string("kickoff"), "version": .string(KickoffVersion.current)]),
                "spans": .array(spans.map(\.otlpJSON)),
            ])]),
        ])])])
    }
}
