import Foundation
/// How the loader reads one element of a step's `run`: literal text, or exactly `{{name}}`.
enum ArgvTemplate: Equatable {
    case literal(String)
    /// The whole element is `{{name}}` (spaces inside the braces allowed).
    case parameter(String)
    /// `{{name}}` inside other text, like `--lr={{lr}}`: not allowed, a value fills a whole element.
    case embedded(String)
    /// Braces around something that is not a parameter name, like `{{a.b}}`.
    case malformed

    static func classify(_ text: String) -> ArgvTemplate {
        if text.hasPrefix("{{"), text.hasSuffix("}}"), text.count >= 4 {
            let inner = text.dropFirst(2).dropLast(2).trimmingSpaces()
            return NameRules.isValidName(inner) ? .parameter(inner) : .malformed
        }
        if let name = firstEmbeddedName(in: text) { return .embedded(name) }
        return .literal(text)
    }

    /// The first `{{name}}` inside `text`; a lone `{{` that does not form a reference stays literal.
    private static func firstEmbeddedName(in text: String) -> String? {
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { return nil }
            let inner = afterOpen[..<close.lowerBound].trimmingSpaces()
            if NameRules.isValidName(inner) { return inner }
            rest = afterOpen
        }
        return nil
    }
}

private extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
