import Hummingbird
import KickoffModel
import NIOCore

/// Who a request comes from, once a middleware has found out: the API key of a header
/// (`APIKeyMiddleware`) or a dashboard session (`DashboardSessionMiddleware`).
protocol RequestCaller: Sendable {
    /// The caller the middleware left in the parent context. Thrown when there is none: what a request
    /// without a key or a session gets (the middleware answers so itself before this runs).
    static func take(from context: FrontRequestContext) throws -> Self
    /// The key the caller uses, as stored now.
    var key: APIKeyRecord { get }
}

/// The context of a route whose caller is known, never absent: Hummingbird builds it from the parent
/// context after the route group's middleware has let the request through (`add(middleware:)`, then
/// `group(context:)`). See `AuthenticatedContext` and `DashboardContext`.
struct SignedInContext<Caller: RequestCaller>: ChildRequestContext, FrontContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    let bodyLimit: Int
    let caller: Caller
    /// The key check `APIKeyMiddleware` left to the enqueue script (trigger routes only), else nil.
    let deferredKeyCheck: DeferredKeyCheck?

    init(context: FrontRequestContext) throws {
        caller = try Caller.take(from: context)
        deferredKeyCheck = context.deferredKeyCheck
        coreContext = context.coreContext
        remoteAddress = context.remoteAddress
        bodyLimit = context.bodyLimit
    }

    /// The key the request was made with (or the session signed in with), as stored now.
    var key: APIKeyRecord { caller.key }

    var maxUploadSize: Int { bodyLimit }
}
