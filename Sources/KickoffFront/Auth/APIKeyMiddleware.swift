import Foundation
import Hummingbird
import KickoffCore

/// Requires an API key with `scope` (`Authorization: Bearer <key>` or `X-API-Key: <key>`),
/// then applies the key's rate limit. Missing or unknown key: 401 with `WWW-Authenticate`;
/// a key without the scope: 403; over the limit: 429 with `Retry-After`.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = FrontRequestContext
    let scope: APIKeyScope
    let keys: APIKeyStore
    let rateLimiter: RateLimiter?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = Self.presentedKey(request.headers) else {
            throw Problem.unauthorized("an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
        }
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
        var context = context
        context.apiKey = record
        return try await next(request, context)
    }

    static func presentedKey(_ headers: HTTPFields) -> String? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let key = parts[1].trimmingCharacters(in: .whitespaces)
                if !key.isEmpty { return key }
            }
        }
        if let key = headers[HeaderNames.apiKey]?.trimmingCharacters(in: .whitespaces), !key.isEmpty {
            return key
        }
        return nil
    }
}
