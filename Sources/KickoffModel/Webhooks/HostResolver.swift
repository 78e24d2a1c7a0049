import Foundation
import Glibc
import Synchronization

/// Resolves host names with the system's `getaddrinfo`, which blocks: each lookup gets a thread of
/// its own, so no Swift concurrency thread ever waits on DNS.
public struct HostResolver: Sendable {
    private let lookUp: @Sendable (String) -> Result<[IPAddress], HostResolverError>

    /// The system's resolver (`getaddrinfo`: /etc/hosts, then DNS).
    public init() {
        lookUp = Self.systemLookUp
    }

    /// A resolver that answers with `lookUp` instead of the system's, called on the lookup's own thread
    /// (it may block): for tests that play DNS, such as a name that rebinds between two lookups.
    public init(lookUp: @escaping @Sendable (String) -> Result<[IPAddress], HostResolverError>) {
        self.lookUp = lookUp
    }

    /// The addresses of `host`, or an error after `timeout` (the lookup thread is left to finish
    /// on its own: getaddrinfo cannot be interrupted).
    public func addresses(of host: String, timeout: Duration = .seconds(10)) async throws(HostResolverError) -> [IPAddress] {
        let result: Result<[IPAddress], HostResolverError> = await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            let lookUp = self.lookUp
            let thread = Thread { once.resume(lookUp(host)) }
            thread.name = "kickoff-resolve"
            thread.start()
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.milliseconds))) {
                once.resume(.failure(HostResolverError(host: host, reason: "no answer within \(timeout)")))
            }
        }
        return try result.get()
    }

    static func systemLookUp(_ host: String) -> Result<[IPAddress], HostResolverError> {
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

/// Resumes a continuation with the first result given; later ones are dropped.
private final class ResumeOnce<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: Value) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}

public struct HostResolverError: Error, Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var reason: String

    public init(host: String, reason: String) {
        self.host = host
        self.reason = reason
    }

    public var description: String { "cannot resolve \(host): \(reason)" }
}
