import KickoffTestSupport
import Foundation
import Glibc

/// A plain TCP connection to a loopback port, for what an HTTP client library will not do: send
/// nothing at all, half a request head, or an oversized one. Blocking calls: use it on a thread of its
/// own (`onDedicatedThread`).
final class RawConnection {
    private let descriptor: Int32

    /// `from`: the loopback address to connect from (any of 127.0.0.0/8 works on Linux), for a
    /// server that tells clients apart by address; else the system picks (127.0.0.1).
    init(port: Int, from source: String? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket: \(String(cString: strerror(errno)))") }
        do {
            if let source { try Self.call(bind, descriptor, source, port: 0, "bind to \(source)") }
            try Self.call(connect, descriptor, "127.0.0.1", port: port, "connect to port \(port)")
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// `bind` or `connect` with an IPv4 address and port.
    private static func call(_ function: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32, _ descriptor: Int32,
                             _ ip: String, port: Int, _ what: String) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(ip)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { function(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw TestSupportError("\(what): \(String(cString: strerror(errno)))") }
    }

    deinit {
        close(descriptor)
    }

    /// Sends all of `text`; false when the peer has closed or reset the connection meanwhile.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a closed peer is an answer here, not a SIGPIPE for the test process.
            let result = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            sent += result
        }
        return true
    }

    /// Reads until what was received contains `marker`, the peer closes, or the deadline passes.
    func read(until marker: String, deadline: Duration = .seconds(30)) -> String {
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let end = ContinuousClock.now + deadline
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while ContinuousClock.now < end, !String(decoding: received, as: UTF8.self).contains(marker) {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[..<count]
            } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                break
            }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Reads until the peer closes the connection or the deadline passes (waiting in slices of at most
    /// a second). `closed` is false when the deadline came first.
    func readUntilClosed(deadline: Duration = .seconds(30)) -> (text: String, closed: Bool) {
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let end = ContinuousClock.now + deadline
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while ContinuousClock.now < end {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[..<count]
            } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                return (String(decoding: received, as: UTF8.self), true)  // closed, or reset
            }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }
}
