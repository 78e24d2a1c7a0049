import Foundation
import Glibc

/// Resolves host names with the system's `getaddrinfo`, which blocks: each lookup gets a thread of
/// its own, so no Swift concurrency thread ever waits on DNS.
public struct HostResolver: Sendable {
    public init() {}

    public func addresses(of host: String) async throws(HostResolverError) -> [IPAddress] {
        let result: Result<[IPAddress], HostResolverError> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Self.lookUp(host)) }
            thread.name = "kickoff-resolve"
            thread.start()
        }
        return try result.get()
    }

    static func lookUp(_ host: String) -> Result<[IPAddress], HostResolverError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else { return .failure(HostResolverError(host: host, reason: String(cString: gai_strerror(status)))) }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var entry = list
        while let current = entry {
            if let raw = current.pointee.ai_addr {
                switch Int32(current.pointee.ai_family) {
                case AF_INET:
                    let bytes = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) } }
                    if let address = IPAddress(bytes: bytes), !addresses.contains(address) { addresses.append(address) }
                case AF_INET6:
                    let bytes = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) } }
                    if let address = IPAddress(bytes: bytes), !addresses.contains(address) { addresses.append(address) }
                default: break
                }
            }
            entry = current.pointee.ai_next
        }
        return .success(addresses)
    }
}

public struct HostResolverError: Error, Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var reason: String

    public var description: String { "cannot resolve \(host): \(reason)" }
}
