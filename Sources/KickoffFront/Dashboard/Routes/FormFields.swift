import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body as name/value pairs, in order (names may repeat).
struct FormFields: Sendable {
    var pairs: [(name: String, value: String)]

    init(pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    init(request: Request, context: some FrontContext) async throws {
        let bytes = try await request.bodyBytes(context: context)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem.badRequest("the form body is not valid UTF-8")
        }
        self.init(urlEncoded: text)
    }

    init(urlEncoded text: String) {
        pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The first value of `name`.
    func value(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }
}
