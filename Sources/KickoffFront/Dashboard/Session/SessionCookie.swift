import Foundation
import Hummingbird

/// The session cookie: `kickoff_session`, HttpOnly (no script reads it), SameSite=Strict (no other
/// site's page sends it), Path=/ui (the API never sees it), Secure when the front is reached over TLS:
/// its own (`serve --tls-cert`), or a TLS-terminating proxy's.
enum SessionCookie {
    static let name = "kickoff_session"
    static let path = "/ui"

    static func value(in request: Request) -> String? {
        request.cookies[name]?.value
    }

    /// `servesTLS`: the front itself answers HTTPS (`FrontConfiguration.tls`).
    static func make(id: String, lifetime: Duration, request: Request, servesTLS: Bool) -> Cookie {
        Cookie(name: name, value: id, maxAge: Int(lifetime.components.seconds), path: path,
               secure: servesTLS || isForwardedTLS(request), httpOnly: true, sameSite: .strict)
    }

    /// Expires the cookie in the browser (logout).
    static func cleared(request: Request, servesTLS: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: path, secure: servesTLS || isForwardedTLS(request), httpOnly: true, sameSite: .strict)
    }

    /// Behind a TLS-terminating proxy the proxy says so. Trusting the header here can only add
    /// `Secure`, never take it away.
    private static func isForwardedTLS(_ request: Request) -> Bool {
        guard let name = HTTPFields.Element.Name("X-Forwarded-Proto") else { return false }
        return request.headers[name]?.lowercased() == "https"
    }
}
