import Hummingbird
import KickoffModel

/// What every dashboard route asks first: who is signed in (from the session cookie), may they do
/// this (the key's scope), and for a POST, does the form carry the session's CSRF token.
struct DashboardGate: Sendable {
    let sessions: DashboardSessions

    /// The signed-in session with `scope`. No session: the browser is sent to the login form;
    /// a session whose key lacks the scope: 403.
    func session(_ request: Request, needing scope: APIKeyScope) async throws -> DashboardSession {
        guard let id = SessionCookie.value(in: request), let session = try await sessions.find(id: id) else {
            throw DashboardRedirect.toLogin
        }
        guard session.allows(scope) else {
            throw Problem.forbidden("the key '\(session.key.name)' lacks the '\(scope.rawValue)' scope this needs")
        }
        return session
    }

    /// A form POST of a signed-in session with `scope`, its fields, and its CSRF token checked (403 without it).
    func post(_ request: Request, context: FrontRequestContext, needing scope: APIKeyScope) async throws -> (DashboardSession, FormFields) {
        let session = try await self.session(request, needing: scope)
        let form = try await FormFields(request: request, context: context)
        try Self.checkCSRF(form, session)
        return (session, form)
    }

    static func checkCSRF(_ form: FormFields, _ session: DashboardSession) throws(Problem) {
        guard let token = form.value(CSRFField.name), RandomToken.equalInConstantTime(token, session.csrfToken) else {
            throw Problem.forbidden("the form's CSRF token is missing or does not match this session; reload the page and try again")
        }
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
