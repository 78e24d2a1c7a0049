import Foundation
import Hummingbird
import KickoffModel
import KickoffStore

/// Requires an API key with `scope` (`Authorization: Bearer <key>` or `X-API-Key: <key>`),
/// then applies the key's rate limit. Missing or unknown key: 401 with `WWW-Authenticate`;
/// a key without the scope: 403; over the limit: 429 with `Retry-After`.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = FrontRequestContext
    let scope: APIKeyScope
    let keys: APIKeyStore
    let rateLimiter: RateLimiter?
    /// For the trigger routes: a key this process authenticated before is let through without a Redis
    /// read; the enqueue script checks it (and takes its rate-limit token) before it stores anything,
    /// and every other answer waits for `DeferredKeyCheck.confirm()` (so 401 still comes before 422).
    var defersCheck = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = Self.presentedKey(request.headers) else {
            throw Problem.unauthorized("an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
        }
        var context = context
        if defersCheck, let remembered = try await keys.remembered(presented), remembered.record.allows(scope) {
            var check = remembered.check
            check.rateLimit = rateLimiter.map { ($0.bucket(of: remembered.record.name), $0.limit) }
            context.apiKey = remembered.record
            context.deferredKeyCheck = DeferredKeyCheck(middleware: self, presented: presented, store: check)
            return try await next(request, context)
        }
        context.apiKey = try await authorize(presented)
        return try await next(request, context)
    }

    /// The key's record when it exists, has the scope and is within its rate; else the 401, 403 or 429.
    func authorize(_ presented: String) async throws -> APIKeyRecord {
        // An unknown key and a malformed one get the same answer: nothing to learn from it.
        guard let record = try await keys.authenticate(presented) else {
            throw Problem.unauthorized("the API key is not valid")
        }
        guard record.allows(scope) else {
            throw Problem.forbidden("the key '\(record.name)' lacks the '\(scope.rawValue)' scope this route needs")
        }
        if let rateLimiter, let seconds = try await rateLimiter.take(record.name) {
            throw Problem.rateLimited(retryAfterSeconds: seconds)
        }
        return record
    }

    static func presentedKey(_ headers: HTTPFields) -> String? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let key = trimmingHTTPWhitespace(parts[1])
                if !key.isEmpty { return key }
            }
        }
        if let key = headers[HeaderNames.apiKey].map(trimmingHTTPWhitespace), !key.isEmpty {
            return key
        }
        return nil
    }

    /// Without the spaces and tabs around it (HTTP's optional whitespace). Every request passes here:
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString.
    static func trimmingHTTPWhitespace(_ text: some StringProtocol) -> String {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let utf8 = String(text).utf8
        guard let first = utf8.firstIndex(where: { !isBlank($0) }), let last = utf8.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(decoding: utf8[first...last], as: UTF8.self)
    }
}
