import Hummingbird
import KickoffModel
import KickoffStore

/// What every signed-in dashboard route passes first: who is signed in (from the session cookie) and
/// may they do this (the key's scope), both in `DashboardSessionMiddleware` before the handler runs;
/// for a POST, the handler then checks that the form carries the session's CSRF token.
struct DashboardGate: Sendable {
    let sessions: DashboardSessions

    /// A group of `group` whose routes need a signed-in session with `scope` (else a redirect to the
    /// login form, or 403), and whose handlers see that session in `DashboardContext.session`. With
    /// `rateLimiter` (the API's, per key), each request takes a token from the session key's bucket,
    /// the one the key's API requests take from; none left: 429 with `Retry-After`, as the API answers.
    func signedIn(_ group: RouterGroup<FrontRequestContext>, needing scope: APIKeyScope,
                  limitedBy rateLimiter: RateLimiter? = nil) -> RouterGroup<DashboardContext> {
        group.group().add(middleware: DashboardSessionMiddleware(scope: scope, sessions: sessions, rateLimiter: rateLimiter))
            .group(context: DashboardContext.self)
    }

    /// A form POST of the signed-in session: its fields, its CSRF token checked (403 without it).
    func post(_ request: Request, context: DashboardContext) async throws -> (DashboardSession, FormFields) {
        let form = try await FormFields(request: request, context: context)
        try Self.checkCSRF(form, context.session)
        return (context.session, form)
    }

    static func checkCSRF(_ form: FormFields, _ session: DashboardSession) throws(Problem) {
        guard let token = form.value(CSRFField.name), RandomToken.equalInConstantTime(token, session.csrfToken) else {
            throw Problem.forbidden("the form's CSRF token is missing or does not match this session; reload the page and try again")
        }
    }
}

/// Finds the session of the request's cookie and checks its key's scope, then takes a token from the
/// key's rate-limit bucket when given one. No session: the browser is sent to the login form; a
/// session whose key lacks the scope: 403; no token: 429.
struct DashboardSessionMiddleware: RouterMiddleware {
    typealias Context = FrontRequestContext
    let scope: APIKeyScope
    let sessions: DashboardSessions
    let rateLimiter: RateLimiter?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let id = SessionCookie.value(in: request), let session = try await sessions.find(id: id) else {
            throw DashboardRedirect.toLogin
        }
        guard session.allows(scope) else {
            throw Problem.forbidden("the key '\(session.key.name)' lacks the '\(scope.rawValue)' scope this needs")
        }
        // The bucket is the key's (its name), as in `APIKeyMiddleware`: signed in or by header, one limit.
        if let rateLimiter, let seconds = try await rateLimiter.take(session.key.name) {
            throw Problem.rateLimited(retryAfterSeconds: seconds)
        }
        var context = context
        context.dashboardSession = session
        return try await next(request, context)
    }
}

/// Where a dashboard request is sent instead of being answered: 303 See Other.
struct DashboardRedirect: Error, Sendable {
    var location: String

    static let toLogin = DashboardRedirect(location: "/ui/login")

    var response: Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// The hidden input every POST form of the dashboard carries.
enum CSRFField {
    static let name = "csrf_token"

    static func input(_ session: DashboardSession) -> HTML {
        "<input type=\"hidden\" name=\"csrf_token\" value=\"\(session.csrfToken)\">"
    }
}
