import KickoffModel
import NIOCore

/// Whom a per-client limit counts: the peer's IP address without the port, and for IPv6 its /64,
/// since one subscriber usually holds a whole /64 and could otherwise change address at will.
/// The socket's peer, never a forwarded header: a client can write any header it likes.
enum ClientNetwork {
    static func subject(of address: SocketAddress?) -> String {
        guard let text = address?.ipAddress, let ip = IPAddress(text) else { return "-" }
        if let v4 = ip.mappedIPv4 ?? (ip.isIPv4 ? ip : nil) { return v4.description }
        let network = IPAddress(bytes: Array(ip.bytes.prefix(8)) + Array(repeating: 0, count: 8)) ?? ip
        return network.description + "/64"
    }
}
