import Hummingbird
import KickoffModel

/// The context of every route behind `APIKeyMiddleware`: `key` is the caller's, with the group's scope.
typealias AuthenticatedContext = SignedInContext<APIKeyRecord>

extension APIKeyRecord: RequestCaller {
    static func take(from context: FrontRequestContext) throws -> APIKeyRecord {
        guard let key = context.apiKey else {
            throw Problem.unauthorized("an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
        }
        return key
    }

    var key: APIKeyRecord { self }
}

extension RouterMethods where Context == FrontRequestContext {
    /// A group whose routes need an API key (401, 403 or 429 from `middleware` before the handler
    /// runs), and whose handlers see that key in `AuthenticatedContext.key`.
    func authenticated(by middleware: APIKeyMiddleware) -> RouterGroup<AuthenticatedContext> {
        group().add(middleware: middleware).group(context: AuthenticatedContext.self)
    }
}
