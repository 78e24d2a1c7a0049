import HTTPTypes
import KickoffModel

/// A request body as JSON: 400 for bytes that are not UTF-8 or not JSON, with where it broke, and
/// for an object with a key twice (which value counts would be a guess).
enum JSONBody {
    static func parse(_ body: [UInt8], emptyAs empty: JSONValue) throws(Problem) -> JSONValue {
        guard String(validating: body, as: UTF8.self) != nil else {
            throw Problem(status: .badRequest, slug: "bad-encoding", title: "Bad Request",
                          detail: "the request body is not valid UTF-8")
        }
        if body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return empty }
        do {
            return try JSONTextReader.parse(body, refusingDuplicateKeys: true)
        } catch {
            throw Problem(status: .badRequest, slug: "malformed-json", title: "Bad Request",
                          detail: "the request body is not valid JSON: \(error)")
        }
    }
}
