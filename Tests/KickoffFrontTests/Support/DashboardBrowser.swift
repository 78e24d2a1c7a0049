import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront

/// Plays a browser on the dashboard through the router test client: logs in with a key through
/// the form, keeps the session cookie, reads the CSRF token from a page, posts forms.
struct DashboardBrowser: Sendable {
    let client: any TestClientProtocol
    /// `kickoff_session=<id>`, as the browser sends it back.
    let cookie: String
    /// The session's CSRF token, read from a page's hidden input.
    let csrf: String

    static func login(_ client: any TestClientProtocol, key: String) async throws -> DashboardBrowser {
        let response = try await client.execute(uri: "/ui/login", method: .post, headers: form, body: ByteBuffer(string: "key=" + encode(key)))
        guard response.status == .seeOther, let setCookie = response.headers[.setCookie],
              let pair = setCookie.split(separator: ";").first else {
            throw DashboardBrowserError("login failed: \(response.status) \(response.text)")
        }
        let page = try await client.execute(uri: "/ui/runs", method: .get, headers: [.cookie: String(pair)])
        guard let csrf = csrfToken(in: page.text) else { throw DashboardBrowserError("no CSRF token on /ui/runs: \(page.text)") }
        return DashboardBrowser(client: client, cookie: String(pair), csrf: csrf)
    }

    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    func get(_ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }

    /// A form POST; `csrf: false` leaves the token out.
    func post(_ uri: String, _ fields: [(String, String)] = [], csrf includeToken: Bool = true) async throws -> TestResponse {
        let all = (includeToken ? [("csrf_token", csrf)] : []) + fields
        let body = all.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        var headers = Self.form
        headers[.cookie] = cookie
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf_token" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension TestResponse {
    /// The run id of a `303 See Other` to `/ui/runs/<id>`.
    var redirectedRunID: String? {
        guard status == .seeOther, let location = headers[.location], location.hasPrefix("/ui/runs/") else { return nil }
        return String(location.dropFirst("/ui/runs/".count))
    }
}

struct DashboardBrowserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
