public import KickoffModel

/// One finished span, as Kickoff reports it over OTLP: the trigger, a run's wait in the queue, each
/// step, each webhook delivery. Ids are lower-case hex (W3C Trace Context), times Unix nanoseconds.
public struct TraceSpan: Sendable, Hashable {
    /// OTLP's `SpanKind` numbers.
    public enum Kind: Int, Sendable {
        case `internal` = 1, server = 2, client = 3, producer = 4, consumer = 5
    }

    public var traceID: String
    public var spanID: String
    public var parentSpanID: String?
    public var name: String
    public var kind: Kind
    public var startNanos: UInt64
    public var endNanos: UInt64
    public var attributes: [String: String]
    /// OTLP status `ERROR` (else `OK`).
    public var failed: Bool

    public init(traceID: String, spanID: String, parentSpanID: String?, name: String, kind: Kind = .internal,
                startNanos: UInt64, endNanos: UInt64, attributes: [String: String] = [:], failed: Bool = false) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.name = name
        self.kind = kind
        self.startNanos = startNanos
        self.endNanos = max(startNanos, endNanos)
        self.attributes = attributes
        self.failed = failed
    }

    /// The span that `context` names (its `parentID` is the span's own id: the context handed on to
    /// whatever runs under it), below `parent`.
    public init(_ context: TraceContext, parent: String?, name: String, kind: Kind = .internal, startMilliseconds: Int64,
                endMilliseconds: Int64, attributes: [String: String] = [:], failed: Bool = false) {
        self.init(traceID: context.traceID, spanID: context.parentID, parentSpanID: parent, name: name, kind: kind,
                  startNanos: UInt64(max(0, startMilliseconds)) * 1_000_000, endNanos: UInt64(max(0, endMilliseconds)) * 1_000_000,
                  attributes: attributes, failed: failed)
    }

    /// One span of OTLP/JSON's `spans` list.
    var otlpJSON: JSONValue {
        var span: [String: JSONValue] = [
            "traceId": .string(traceID), "spanId": .string(spanID), "name": .string(name), "kind": .integer(Int64(kind.rawValue)),
            // 64-bit integers are strings in OTLP/JSON (the protobuf JSON mapping).
            "startTimeUnixNano": .string(String(startNanos)), "endTimeUnixNano": .string(String(endNanos)),
            "attributes": .array(attributes.keys.sorted().map { key in
                .object(["key": .string(key), "value": .object(["stringValue": .string(attributes[key] ?? "")])])
            }),
            "status": .object(["code": .integer(failed ? 2 : 1)]),
        ]
        if let parentSpanID { span["parentSpanId"] = .string(parentSpanID) }
        return .object(span)
    }
}
