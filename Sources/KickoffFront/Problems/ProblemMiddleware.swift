import Hummingbird
import KickoffStore
import Logging
import NIOCore

/// Turns every error thrown below it into a problem document, so no answer of the front is ever a
/// bare status: unknown routes (404) and methods (405 with `Allow`), Hummingbird's own errors,
/// Redis being unreachable (503 with `Retry-After`), Redis full (507), and anything unexpected (500, logged).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = FrontRequestContext
    let routes: RouteIndex
    let metrics: FrontMetrics
    let bodyLimit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.bodyLimit = bodyLimit
        do {
            return try await next(request, context)
        } catch {
            let problem = self.problem(for: error, request: request, context: context)
            metrics.countProblem(status: Int(problem.status.code))
            return problem.response()
        }
    }

    /// The store error inside `error`, whichever store met it.
    static func storeError(_ error: any Error) -> StoreError? {
        switch error {
        case let error as StoreError: error
        case WebhookStoreError.store(let error): error
        case APIKeyError.store(let error): error
        default: nil
        }
    }

    /// The store error inside `error` when it is one that passes (unreachable, loading, busy, …):
    /// those are 503 with Retry-After.
    static func transientStoreError(_ error: any Error) -> StoreError? {
        storeError(error).flatMap { $0.isTransient ? $0 : nil }
    }

    static let storeFullDetail = "the run store (Redis) is full (maxmemory reached): nothing was stored; "
        + "purge finished runs (POST /v1/runs/purge) or give Redis more memory"

    private func problem(for error: any Error, request: Request, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error where Self.storeError(error)?.isStoreFull == true:
            context.logger.warning("Redis is full: a write was refused", metadata: ["error": "\(error)"])
            return .storeFull(Self.storeFullDetail)
        case let error where Self.transientStoreError(error) != nil:
            let storeError = Self.transientStoreError(error)
            context.logger.warning("Redis unavailable", metadata: ["error": "\(storeError.map { "\($0)" } ?? "")"])
            if storeError?.kind == .notReplicated {
                return .unavailable("the run was stored but no replica confirmed it in time, so it may be lost in a failover; retry with the same Idempotency-Key")
            }
            return .unavailable("the run store (Redis) is unavailable; try again shortly")
        case let error where Self.storeError(error)?.kind == .notPermitted:
            // Not the caller's fault and not a bug: the operator's Redis ACL lacks a command.
            context.logger.error("Redis refused a command for Kickoff's user: grant it (README → Security)", metadata: ["error": "\(error)"])
            return .storeNotPermitted
        case let error where Self.storeError(error) != nil:
            // Refused, or answered in a shape the store did not expect, or a stored value unreadable.
            context.logger.error("run store error", metadata: ["error": "\(error)"])
            return .internalError("the run store answered unexpectedly")
        case is NIOTooManyBytesError:
            return .tooLarge(limit: context.bodyLimit)
        case let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound":
            let path = request.uri.path
            let allowed = routes.methods(matching: path)
            if !allowed.isEmpty { return .methodNotAllowed(request.method, path: path, allowed: allowed) }
            return .notFound("no route \(request.method.rawValue) \(path); see /openapi.yaml for the API")
        case let error as any HTTPResponseError:
            let status = error.status
            return Problem(status: status, slug: "http-\(status.code)", title: status.reasonPhrase,
                           detail: (error as? HTTPError)?.body ?? status.reasonPhrase)
        default:
            context.logger.error("unexpected error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return .internalError("an unexpected error occurred; it has been logged")
        }
    }
}
