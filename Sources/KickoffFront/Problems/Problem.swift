import Foundation
public import Hummingbird
public import KickoffModel
import KickoffStore
import NIOFoundationEssentialsCompat

/// An RFC 9457 problem document, thrown by handlers and middleware and rendered by
/// `ProblemMiddleware` as `application/problem+json`:
/// `{"type","title","status","detail","errors":[{"field","message"}]}`.
public struct Problem: Error, Sendable, Hashable {
    public var status: HTTPResponse.Status
    /// A short stable slug; the document's `type` is `urn:kickoff:problem:<slug>`.
    public var slug: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    /// Extra response headers: `Retry-After`, `WWW-Authenticate`, `Allow`.
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, slug: String, title: String, detail: String,
                errors: [FieldError] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public var type: String { "urn:kickoff:problem:" + slug }

    /// The body as JSON bytes.
    func document() -> Data {
        let body = Document(type: type, title: title, status: Int(status.code), detail: detail, errors: errors)
        return (try? SortedJSON.data(body)) ?? Data(#"{"type":"urn:kickoff:problem:internal","status":500}"#.utf8)
    }

    func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: document())))
    }

    private struct Document: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var errors: [FieldError]
    }
}

extension Problem {
    public static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, slug: "not-found", title: "Not Found", detail: detail)
    }

    public static func badRequest(_ detail: String, errors: [FieldError] = []) -> Problem {
        Problem(status: .badRequest, slug: "bad-request", title: "Bad Request", detail: detail, errors: errors)
    }

    /// Well-formed JSON that does not fit: every bad field listed with its path.
    public static func invalid(_ errors: [FieldError], detail: String? = nil) -> Problem {
        Problem(status: .unprocessableContent, slug: "validation", title: "Unprocessable Content",
                detail: detail ?? "the request has \(errors.count) invalid field\(errors.count == 1 ? "" : "s")", errors: errors)
    }

    public static func conflict(_ detail: String) -> Problem {
        Problem(status: .conflict, slug: "conflict", title: "Conflict", detail: detail)
    }

    public static func unauthorized(_ detail: String) -> Problem {
        Problem(status: .unauthorized, slug: "unauthorized", title: "Unauthorized", detail: detail,
                headers: [.wwwAuthenticate: #"Bearer realm="kickoff""#])
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: .forbidden, slug: "forbidden", title: "Forbidden", detail: detail)
    }

    public static func tooLarge(limit: Int) -> Problem {
        Problem(status: .contentTooLarge, slug: "too-large", title: "Content Too Large",
                detail: "the request body is larger than \(limit) bytes")
    }

    public static func rateLimited(retryAfterSeconds: Int) -> Problem {
        Problem(status: .tooManyRequests, slug: "rate-limited", title: "Too Many Requests",
                detail: "this key's request rate is over its limit; retry after \(retryAfterSeconds) s",
                headers: [.retryAfter: String(retryAfterSeconds)])
    }

    /// Redis is unreachable (nothing was stored), or no replica confirmed the write in time: try again shortly.
    public static func unavailable(_ detail: String) -> Problem {
        Problem(status: .serviceUnavailable, slug: "unavailable", title: "Service Unavailable",
                detail: detail, headers: [.retryAfter: "1"])
    }

    /// Redis is at `maxmemory` and refuses writes (`noeviction`): nothing was stored. Not a 503: trying
    /// again helps only once memory is freed (purge finished runs, raise `maxmemory`).
    public static func storeFull(_ detail: String) -> Problem {
        Problem(status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), slug: "store-full",
                title: "Insufficient Storage", detail: detail)
    }

    /// `/readyz` on a full Redis: 503 (a load balancer stops sending triggers), typed `store-full`.
    static func storeFullNotReady(_ memory: RedisMemory) -> Problem {
        Problem(status: .serviceUnavailable, slug: "store-full", title: "Service Unavailable",
                detail: "Redis is full: used_memory \(memory.used) bytes over maxmemory \(memory.maximum) under noeviction; "
                    + "triggers answer 507 until finished runs are purged or Redis gets more memory",
                headers: [.retryAfter: "10"])
    }

    public static func methodNotAllowed(_ method: HTTPRequest.Method, path: String, allowed: [HTTPRequest.Method]) -> Problem {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        return Problem(status: .methodNotAllowed, slug: "method-not-allowed", title: "Method Not Allowed",
                       detail: "\(method.rawValue) is not allowed on \(path); allowed: \(allow)", headers: [.allow: allow])
    }

    /// Redis refused a command for Kickoff's ACL user: 503 without Retry-After (waiting does not
    /// help; the operator must grant it).
    public static let storeNotPermitted = Problem(
        status: .serviceUnavailable, slug: "store-not-permitted", title: "Service Unavailable",
        detail: "the run store (Redis) refused a command for Kickoff's user (NOPERM): a configuration error the operator must fix; the front's log names the command")

    public static func internalError(_ detail: String) -> Problem {
        Problem(status: .internalServerError, slug: "internal", title: "Internal Server Error", detail: detail)
    }
}
