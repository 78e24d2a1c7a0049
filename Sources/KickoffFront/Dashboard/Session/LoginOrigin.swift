import Foundation
import Hummingbird

/// Login CSRF: a page elsewhere could post its own key to `/ui/login` from the victim's browser (a
/// `text/plain` form needs no preflight) and sign the victim in as the attacker. A browser says where
/// a post comes from: `Sec-Fetch-Site` (every current browser) and `Origin`. A post that a browser
/// marks as coming from another site is refused; one without either header (curl, scripts) is not a
/// browser's and passes.
enum LoginOrigin {
    static let fetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!
    static let origin = HTTPFields.Element.Name("Origin")!
    static let forwardedHost = HTTPFields.Element.Name("X-Forwarded-Host")!

    static func check(_ request: Request) throws(Problem) {
        let headers = request.headers
        if let site = headers[fetchSite]?.lowercased() {
            // same-origin: the login form itself; none: typed or bookmarked by the user.
            guard site == "same-origin" || site == "none" else { throw refusal("Sec-Fetch-Site: \(site)") }
            return
        }
        guard let origin = headers[origin] else { return }
        let hosts = [request.head.authority, headers[forwardedHost]].compactMap { $0?.lowercased() }
        guard let authority = Self.authority(ofOrigin: origin), hosts.contains(authority) else {
            throw refusal("Origin: \(origin)")
        }
    }

    /// `host[:port]` of an `Origin` value (`scheme://host[:port]`); nil for `null` or anything else.
    static func authority(ofOrigin origin: String) -> String? {
        guard let separator = origin.range(of: "://") else { return nil }
        let authority = origin[separator.upperBound...]
        guard !authority.isEmpty, !authority.contains("/") else { return nil }
        return authority.lowercased()
    }

    private static func refusal(_ what: String) -> Problem {
        Problem.forbidden("a sign-in posted from another site is refused (\(what)); sign in from this dashboard's own login page")
    }
}
