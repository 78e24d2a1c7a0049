/// An RFC 6901 JSON pointer (`/repository/clone_url`, `/Records/0/s3/object/key`): `~1` is `/` and
/// `~0` is `~` inside a token; the empty pointer is the whole document.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let tokens: [String]

    /// nil when `text` is neither empty nor starts with `/`, or has a `~` not followed by 0 or 1.
    public init?(_ text: String) {
        guard text.isEmpty || text.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in text.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            var token = ""
            var escaped = false
            for character in raw {
                if escaped {
                    switch character {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: return nil
                    }
                    escaped = false
                } else if character == "~" {
                    escaped = true
                } else {
                    token.append(character)
                }
            }
            if escaped { return nil }
            tokens.append(token)
        }
        self.text = text
        self.tokens = tokens
    }

    /// The value it points at in `document`, or nil when there is none.
    public func value(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                // Digits only, no leading zero (RFC 6901 §4): "01" or "-" points at nothing.
                guard let index = Int(token), token == String(index), index >= 0, index < array.count else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    public var description: String { text }
}
