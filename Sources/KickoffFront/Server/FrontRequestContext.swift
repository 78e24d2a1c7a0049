public import Hummingbird
public import KickoffModel
public import NIOCore

/// What travels with one request: Hummingbird's core storage, the peer's address (for the
/// trigger log line) and, once `APIKeyMiddleware` has run, the caller's key record.
public struct FrontRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `APIKeyMiddleware` on routes that need a key; nil on open routes.
    public var apiKey: APIKeyRecord?
    /// The configured body limit; handlers collect bodies up to it (413 beyond).
    public var bodyLimit: Int

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        apiKey = nil
        bodyLimit = 1 << 20
    }

    /// Hummingbird's decoders use this; the front collects bodies itself with `bodyLimit`.
    public var maxUploadSize: Int { bodyLimit }

    /// `ip:port` of the peer, or `-` (the router test client has none).
    var clientAddress: String {
        guard let remoteAddress else { return "-" }
        return remoteAddress.ipAddress.map { "\($0):\(remoteAddress.port ?? 0)" } ?? "\(remoteAddress)"
    }
}
