/// A piece of HTML that is safe to send: its text is either a literal written in this module's
/// source (a `StaticString`, so never a runtime value) or a value escaped on the way in.
///
/// ```swift
/// let cell: HTML = "<td class=\"status\">\(run.status.rawValue)</td>"   // the status is escaped
/// let row: HTML = "<tr>\(cell)</tr>"                                     // HTML is inserted as it is
/// ```
/// There is no initializer from a runtime `String`: unescaped output cannot be written by accident.
struct HTML: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var text: String

    init(stringLiteral literal: StaticString) {
        text = literal.description
    }

    init(stringInterpolation interpolation: StringInterpolation) {
        text = interpolation.text
    }

    private init(escaped: String) {
        text = escaped
    }

    var description: String { text }

    static let empty: HTML = ""

    /// The pieces one after another.
    init(joining pieces: some Sequence<HTML>) {
        text = pieces.map(\.text).joined()
    }

    /// Text and attribute values: `& < > " '` become entities, so a value can close neither an
    /// element nor a (double- or single-) quoted attribute.
    static func escape(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    struct StringInterpolation: StringInterpolationProtocol {
        // StaticString: the literal parts of an interpolation are source text, never runtime values.
        typealias StringLiteralType = StaticString
        fileprivate var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: StaticString) {
            text += literal.description
        }

        /// Text from anywhere (user values included): escaped.
        mutating func appendInterpolation(_ value: String) {
            text += HTML.escape(value)
        }

        mutating func appendInterpolation(_ value: Substring) {
            text += HTML.escape(String(value))
        }

        mutating func appendInterpolation(_ value: Int) {
            text += String(value)
        }

        mutating func appendInterpolation(_ value: Int64) {
            text += String(value)
        }

        mutating func appendInterpolation(_ value: Int32) {
            text += String(value)
        }

        /// Markup built the same way: inserted as it is.
        mutating func appendInterpolation(_ html: HTML) {
            text += html.text
        }

        mutating func appendInterpolation(_ pieces: [HTML]) {
            for piece in pieces { text += piece.text }
        }
    }
}

extension Sequence where Element == HTML {
    func joined() -> HTML { HTML(joining: self) }
}
