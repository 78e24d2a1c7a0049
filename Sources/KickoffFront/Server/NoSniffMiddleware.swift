import Hummingbird

/// Every answer of the front says `X-Content-Type-Options: nosniff`: a browser must take a JSON
/// answer or a problem document as what its Content-Type says, never sniff it into HTML or script.
/// (The dashboard's own middleware sets it too, with the rest of its page headers.)
struct NoSniffMiddleware: RouterMiddleware {
    typealias Context = FrontRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HeaderNames.contentTypeOptions] = "nosniff"
        return response
    }
}
