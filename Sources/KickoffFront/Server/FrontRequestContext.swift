public import Hummingbird
public import KickoffModel
public import NIOCore

/// What travels with one request: Hummingbird's core storage, the peer's address (for the
/// trigger log line) and the body limit. Routes behind a key or a session get a child context
/// built from this one (`AuthenticatedContext`, `DashboardContext`), whose key is never absent.
public struct FrontRequestContext: RequestContext, FrontContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `APIKeyMiddleware` for `AuthenticatedContext` to take over; nil on open routes.
    /// Handlers read `AuthenticatedContext.key` instead.
    public internal(set) var apiKey: APIKeyRecord?
    /// Set by `DashboardSessionMiddleware` for `DashboardContext` to take over.
    var dashboardSession: DashboardSession?
    /// The configured body limit; handlers collect bodies up to it (413 beyond).
    public var bodyLimit: Int
    /// Set by `APIKeyMiddleware` on the trigger routes when it left the key check to the enqueue script.
    var deferredKeyCheck: DeferredKeyCheck?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        apiKey = nil
        dashboardSession = nil
        bodyLimit = 1 << 20
        deferredKeyCheck = nil
    }

    /// Hummingbird's decoders use this; the front collects bodies itself with `bodyLimit`.
    public var maxUploadSize: Int { bodyLimit }
}
