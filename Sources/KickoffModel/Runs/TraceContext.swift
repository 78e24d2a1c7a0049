import Foundation

/// A W3C Trace Context (`traceparent`, `tracestate`) kept with a run: each step gets it as
/// `TRACEPARENT`/`TRACESTATE` (the OpenTelemetry environment convention) with a span id of its own,
/// and outgoing webhooks send `traceparent`, so the caller's trace goes on through Kickoff.
public struct TraceContext: Sendable, Hashable {
    /// 32 lower-case hex digits, not all zero.
    public var traceID: String
    /// 16 lower-case hex digits, not all zero: the span the run hangs under.
    public var parentID: String
    /// 2 hex digits (`01`: sampled).
    public var flags: String
    /// Passed on as it came (at most 512 bytes, as the specification allows to cut).
    public var state: String?

    public init(traceID: String, parentID: String, flags: String = "01", state: String? = nil) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
        self.state = state
    }

    /// Reads a `traceparent` header (version 00, or a later version read as 00 per the specification);
    /// nil when it is malformed, so the run starts a trace of its own instead.
    public init?(traceparent: String, tracestate: String? = nil) {
        let parts = traceparent.trimmingCharacters(in: [" ", "\t"]).split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", Self.isHex(parts[0]),
              parts[0] != "00" || parts.count == 4,
              parts[1].count == 32, Self.isHex(parts[1]), parts[1] != String(repeating: "0", count: 32),
              parts[2].count == 16, Self.isHex(parts[2]), parts[2] != String(repeating: "0", count: 16),
              parts[3].count == 2, Self.isHex(parts[3]) else { return nil }
        let state = tracestate.map { String($0.prefix(512)) }.flatMap { $0.isEmpty ? nil : $0 }
        self.init(traceID: parts[1], parentID: parts[2], flags: parts[3], state: state)
    }

    /// A new trace for a run whose caller sent none.
    public static func fresh() -> TraceContext {
        TraceContext(traceID: randomHex(bytes: 16), parentID: randomHex(bytes: 8))
    }

    /// The header value: `00-<trace id>-<parent id>-<flags>`.
    public var traceparent: String { "00-\(traceID)-\(parentID)-\(flags)" }

    /// The same trace under a new span (a step's, a webhook delivery's).
    public func child() -> TraceContext {
        TraceContext(traceID: traceID, parentID: Self.randomHex(bytes: 8), flags: flags, state: state)
    }

    /// `TRACEPARENT` and, when there is one, `TRACESTATE`.
    public var environment: [String: String] {
        var variables = ["TRACEPARENT": traceparent]
        if let state { variables["TRACESTATE"] = state }
        return variables
    }

    private static func isHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// `bytes` random bytes (not all zero, as W3C trace context requires) as lower-case hex. On the
    /// trigger path: one `getrandom` per 8 bytes, not one per byte, and no string per digit.
    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        while true {
            var text = [UInt8]()
            text.reserveCapacity(bytes * 2)
            var allZero = true
            var word: UInt64 = 0
            for index in 0..<bytes {
                if index % 8 == 0 { word = generator.next() }
                let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt64(index % 8)))
                allZero = allZero && byte == 0
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0F)])
            }
            if !allZero { return String(decoding: text, as: UTF8.self) }
        }
    }
}
