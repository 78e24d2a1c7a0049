import Foundation

/// The ports `kickoff dev` is about to use: free before it starts anything, and the front's
/// listening before it prints its banner.
enum DevPorts {
    /// Throws naming the port, what it is for and the option that changes it when one is taken.
    static func checkFree(host: String, ports: [(purpose: String, port: Int, option: String)]) throws {
        for (purpose, port, option) in ports where port != 0 {
            if let problem = bindProblem(host: host, port: port) {
                throw ValidationErrorText("cannot use port \(port) on \(host) for \(purpose): \(problem). Choose another with \(option).")
            }
        }
    }

    /// Whether something accepts TCP connections on `host:port` (a wildcard host is tried on loopback).
    /// Local connects only: refused or accepted at once, never a wait on the network.
    static func isListening(host: String, port: Int) -> Bool {
        let target = host == "0.0.0.0" ? "127.0.0.1" : host == "::" ? "::1" : host
        return withAddresses(host: target, port: port, passive: false) { family, address, length in
            let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            return connect(fd, address, length) == 0
        }
    }

    /// Why binding `host:port` fails now, or nil when it would succeed (the test socket is closed again).
    private static func bindProblem(host: String, port: Int) -> String? {
        var problem: String? = "the host name does not resolve"
        let bound = withAddresses(host: host, port: port, passive: true) { family, address, length in
            let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { problem = String(cString: strerror(errno)); return false }
            defer { close(fd) }
            var one: Int32 = 1
            // As a server binds: a port left in TIME_WAIT by an earlier run is free.
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, address, length) == 0 else {
                problem = errno == EADDRINUSE ? "it is in use" : String(cString: strerror(errno))
                return false
            }
            return true
        }
        return bound ? nil : problem
    }

    /// Calls `body` with each address `host:port` resolves to until it returns true.
    private static func withAddresses(host: String, port: Int, passive: Bool,
                                      _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = passive ? AI_PASSIVE : 0
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(first) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let address = current.pointee.ai_addr, body(current.pointee.ai_family, address, current.pointee.ai_addrlen) { return true }
            entry = current.pointee.ai_next
        }
        return false
    }
}
