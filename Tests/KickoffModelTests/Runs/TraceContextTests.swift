import KickoffModel
import Testing

@Suite struct TraceContextTests {
    @Test func aFreshTraceIsAValidTraceparentWithRandomIDs() throws {
        let traces = (0..<200).map { _ in TraceContext.fresh() }
        for trace in traces {
            let parsed = try #require(TraceContext(traceparent: trace.traceparent), "\(trace.traceparent)")
            #expect(parsed == trace)
        }
        // 128 and 64 random bits: no two alike, and every lower-case hex digit shows up.
        #expect(Set(traces.map(\.traceID)).count == traces.count)
        #expect(Set(traces.map(\.parentID)).count == traces.count)
        #expect(Set(traces.flatMap(\.traceID)) == Set("0123456789abcdef"))
    }

    @Test func aChildKeepsTheTraceUnderANewSpan() {
        let trace = TraceContext.fresh()
        let child = trace.child()
        #expect(child.traceID == trace.traceID)
        #expect(child.parentID != trace.parentID)
        #expect(child.parentID.count == 16)
    }

    @Test func malformedHeadersAreRefused() {
        #expect(TraceContext(traceparent: "00-" + String(repeating: "0", count: 32) + "-0123456789abcdef-01") == nil)
        #expect(TraceContext(traceparent: "00-0123456789abcdef0123456789abcdef-" + String(repeating: "0", count: 16) + "-01") == nil)
        #expect(TraceContext(traceparent: "00-0123456789ABCDEF0123456789abcdef-0123456789abcdef-01") == nil)
    }
}
