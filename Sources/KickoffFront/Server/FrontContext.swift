public import Hummingbird
import NIOCore

/// What every route's context carries, in whichever group the route is: the peer's address and the
/// body limit (both copied from `FrontRequestContext` into the child contexts).
public protocol FrontContext: RemoteAddressRequestContext {
    var bodyLimit: Int { get }
}

extension FrontContext {
    /// `ip:port` of the peer, or `-` (the router test client has none).
    var clientAddress: String {
        guard let remoteAddress else { return "-" }
        return remoteAddress.ipAddress.map { "\($0):\(remoteAddress.port ?? 0)" } ?? "\(remoteAddress)"
    }
}
