/// A shell-style glob over a whole string: `*` any run of characters (`/` and `:` included, so
/// `refs/tags/*` and `s3:ObjectCreated:*` both work), `?` one character, `[abc]`/`[a-z]`/`[!a]` a
/// class. Anything else matches itself.
public struct GlobPattern: Sendable, Hashable {
    public let text: String
    private let pattern: [Character]

    public init(_ text: String) {
        self.text = text
        pattern = Array(text)
    }

    public static func hasWildcards(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Iterative matching with one backtrack point for the last `*`: linear in practice, never
    /// exponential, whatever the pattern and the payload (both come from outside the front's author).
    public func matches(_ string: String) -> Bool {
        let input = Array(string)
        var p = 0, s = 0
        var star: Int?, starMatch = 0
        while s < input.count {
            if p < pattern.count, pattern[p] == "*" {
                star = p
                starMatch = s
                p += 1
            } else if p < pattern.count, case let (matched, next) = matchOne(at: p, input[s]), matched {
                p = next
                s += 1
            } else if let star {
                p = star + 1
                starMatch += 1
                s = starMatch
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Whether the element at `index` (a character, `?` or a class) matches `character`, and where
    /// the pattern goes on. An unclosed `[` is a literal.
    private func matchOne(at index: Int, _ character: Character) -> (Bool, Int) {
        switch pattern[index] {
        case "?": return (true, index + 1)
        case "[":
            // `[]…]`: a `]` right after the opening bracket is a member, not the end.
            guard let close = pattern[(index + 1)...].dropFirst().firstIndex(of: "]") else {
                return (character == "[", index + 1)
            }
            var members = Array(pattern[(index + 1)..<close])
            let negated = members.first == "!" || members.first == "^"
            if negated { members.removeFirst() }
            var found = false
            var i = 0
            while i < members.count {
                if i + 2 < members.count, members[i + 1] == "-" {
                    if members[i] <= character && character <= members[i + 2] { found = true }
                    i += 3
                } else {
                    if members[i] == character { found = true }
                    i += 1
                }
            }
            return (found != negated, close + 1)
        default:
            return (pattern[index] == character, index + 1)
        }
    }
}
