import Hummingbird

/// On a front that answers HTTPS itself (`serve --tls-cert`), every answer tells the browser to come
/// back over HTTPS only, for a year: `Strict-Transport-Security: max-age=31536000`. Without
/// `includeSubDomains` (other hosts under the same name may not speak HTTPS) and without `preload`.
/// A front behind a TLS-terminating proxy leaves the header to the proxy.
struct StrictTransportSecurityMiddleware: RouterMiddleware {
    typealias Context = FrontRequestContext

    static let value = "max-age=31536000"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HeaderNames.strictTransportSecurity] = Self.value
        return response
    }
}
