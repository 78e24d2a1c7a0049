import Hummingbird

/// Around every dashboard route: redirects (to the login form) become 303s, problems become HTML
/// error pages with the same status, and every answer gets the headers that keep the pages to
/// themselves (no framing, no scripts or styles but the dashboard's own, no caching).
struct DashboardMiddleware: RouterMiddleware {
    typealias Context = FrontRequestContext

    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let redirect as DashboardRedirect {
            response = redirect.response
        } catch let problem as Problem {
            response = HTMLResponse.make(ErrorPage(problem: problem).render(), status: problem.status)
            for field in problem.headers where field.name != .contentType { response.headers.append(field) }
        }
        Self.secure(&response.headers)
        return response
    }

    static func secure(_ headers: inout HTTPFields) {
        guard let csp = HTTPFields.Element.Name("Content-Security-Policy"),
              let options = HTTPFields.Element.Name("X-Content-Type-Options"),
              let referrer = HTTPFields.Element.Name("Referrer-Policy") else { return }
        headers[csp] = contentSecurityPolicy
        headers[options] = "nosniff"
        headers[referrer] = "same-origin"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }
}

/// HTML answers.
enum HTMLResponse {
    static func make(_ html: HTML, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html.text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
