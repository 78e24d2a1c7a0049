import Hummingbird

/// Header names HTTPTypes does not predefine. (`HTTPField` itself is not re-exported by
/// Hummingbird; it is reached as the element type of `HTTPFields`.)
enum HeaderNames {
    typealias Name = HTTPFields.Element.Name
    // Literal header names made of token characters: the initializer accepts them.
    static let apiKey = Name("X-API-Key")!
    static let idempotencyKey = Name("Idempotency-Key")!
    static let lastEventID = Name("Last-Event-ID")!
    static let strictTransportSecurity = Name("Strict-Transport-Security")!
    static let contentTypeOptions = Name("X-Content-Type-Options")!
    static let traceparent = Name("traceparent")!
    static let tracestate = Name("tracestate")!
}
