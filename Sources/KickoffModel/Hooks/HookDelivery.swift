import Crypto

/// One verified delivery as the routes see it: its event, its id, its payload, and which routes it
/// fires with which trigger values.
public struct HookDelivery: Sendable {
    public var source: HookSource
    /// The event name, or nil when the source does not say one.
    public var event: String?
    /// The provider's delivery id, or `sha256:<hex of the body>` when there is none.
    public var id: String
    public var payload: JSONValue
    private let header: @Sendable (String) -> String?

    public init(source: HookSource, payload: JSONValue, body: [UInt8], header: @escaping @Sendable (String) -> String?) {
        self.source = source
        self.payload = payload
        self.header = header
        event = Self.read(source.eventLocation, payload: payload, header: header)
        id = Self.read(source.deliveryLocation, payload: payload, header: header).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
            ?? "sha256:" + SHA256.hash(data: body).map { String($0, radix: 16).leftPadded(2) }.joined()
    }

    /// A header name, or a JSON pointer (starts with `/`) into the payload; strings as they are,
    /// other values as JSON text.
    private static func read(_ location: String?, payload: JSONValue, header: (String) -> String?) -> String? {
        guard let location else { return nil }
        guard location.hasPrefix("/") else { return header(location) }
        switch JSONPointer(location)?.value(in: payload) {
        case .string(let text)?: return text
        case nil, .null?: return nil
        case let value?: return value.jsonString()
        }
    }

    /// The routes whose every condition holds, with their index in the source's list.
    public func matchingRoutes() -> [(index: Int, route: HookRoute)] {
        source.routes.enumerated().filter { _, route in route.when.allSatisfy(holds) }.map { (index: $0.offset, route: $0.element) }
    }

    private func holds(_ condition: HookCondition) -> Bool {
        let value: JSONValue? = switch condition.subject {
        case .event: event.map(JSONValue.string)
        case .header(let name): header(name).map(JSONValue.string)
        case .pointer(let pointer): pointer.value(in: payload)
        }
        guard let value else { return false }
        return condition.patterns.contains { $0.matches(value) }
    }

    /// The trigger values a route takes from the payload. A pointer that points at nothing gives no
    /// value (a default or the preset may still apply; a required parameter is then reported missing).
    public func values(for route: HookRoute) -> TriggerValues {
        var values = TriggerValues(preset: route.preset)
        for mapping in route.parameters {
            guard let value = mapping.pointer.value(in: payload) else { continue }
            if let step = mapping.step {
                values.steps[step, default: [:]][mapping.parameter] = value
            } else {
                values.parameters[mapping.parameter] = value
            }
        }
        return values
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
