import Foundation

/// The `key` of a flow rule (`concurrency`, `debounce`, `fairness`): text with `{{parameter}}`
/// references, filled from a run's parameters like an argv element is (`JSONValue.argumentText`).
public struct FlowKeyTemplate: Sendable, Hashable {
    /// The template as the file writes it.
    public var text: String
    /// Literal text and parameter references, in order.
    public var parts: [Part]

    public enum Part: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    public init(text: String, parts: [Part]) {
        self.text = text
        self.parts = parts
    }

    /// The parameter names the template refers to, in order.
    public var parameterNames: [String] {
        parts.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// Reads `text`; nil when a `{{…}}` does not hold a parameter name (`{{a.b}}`, `{{}}`).
    public static func parse(_ text: String) -> FlowKeyTemplate? {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { return nil }
            let inner = String(afterOpen[..<close.lowerBound]).trimmingCharacters(in: " ")
            guard NameRules.isValidName(inner) else { return nil }
            parts.append(.parameter(inner))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        return FlowKeyTemplate(text: text, parts: parts)
    }

    /// The key of one run: each reference replaced by the parameter's value in the first step (in run
    /// order) that has it; a parameter no step has reads as the empty string.
    public func resolve(_ parameters: ResolvedParameters, stepOrder: [String]) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): return text
            case .parameter(let name):
                for step in stepOrder {
                    if let value = parameters[step]?[name] { return value.argumentText }
                }
                return ""
            }
        }.joined()
    }
}

private extension String {
    func trimmingCharacters(in character: Character) -> String {
        String(drop(while: { $0 == character }).reversed().drop(while: { $0 == character }).reversed())
    }
}
