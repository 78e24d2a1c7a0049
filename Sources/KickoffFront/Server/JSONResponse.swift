import Foundation
import Hummingbird
import KickoffModel
import NIOFoundationEssentialsCompat

/// JSON answers, encoded the same way everywhere (no escaped slashes, so links read as written).
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: data)))
    }

    /// A `JSONValue` written by `JSONTextWriter`: the hot routes (trigger) answer this way.
    static func make(json: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: json.jsonString())))
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

extension Request {
    /// The body's bytes, at most `context.bodyLimit` (413 beyond, via `NIOTooManyBytesError`).
    func bodyBytes(context: some FrontContext) async throws -> [UInt8] {
        if let length = headers[.contentLength].flatMap(Int.init), length > context.bodyLimit {
            throw Problem.tooLarge(limit: context.bodyLimit)
        }
        var buffer = try await body.collect(upTo: context.bodyLimit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    func query(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init)
    }
}
