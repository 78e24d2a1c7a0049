import AsyncHTTPClient
import Glibc
import NIOCore
import NIOSSL

/// Why a connection to another server gave no answer, in the few words a person reads in a dead
/// letter or a client message: "connection refused", not SwiftNIO's
/// `connection reset (error set): Connection refused) (errno: 111)` (its reason for any error a
/// connect reports, with the errno's text and an extra parenthesis).
///
/// Read from the error's type where SwiftNIO, AsyncHTTPClient or NIOSSL say what happened; from the
/// `(errno: N)` in its text otherwise (an error wrapped by another, or a Redis client's reason).
/// Used by the webhook sender and by the `kickoff` command line.
public enum TransportFailure: Sendable, Hashable, CustomStringConvertible {
    case connectionRefused
    case connectionReset
    /// The server closed the connection before answering.
    case connectionClosed
    case connectTimedOut
    /// Connected, but no (whole) answer before the deadline.
    case answerTimedOut
    case hostUnreachable
    case networkUnreachable
    case unknownHost
    /// TLS: the server's certificate is not trusted here, or is not for this host; the OpenSSL reason.
    case untrustedCertificate(String)
    /// TLS failed otherwise (not TLS at all on the other side, no common protocol, …); the reason.
    case tls(String)
    /// None of the above: the error's own text.
    case other(String)

    public init(_ error: any Error) {
        switch error {
        case let error as IOError:
            self = Self.fromErrno(error.errnoCode) ?? .other(String(describing: error))
        case let error as HTTPClientError:
            self = Self.fromClientError(error) ?? Self(text: String(describing: error))
        case let error as NIOSSLError:
            self = Self.fromTLS(String(describing: error))
        case let error as BoringSSLError:
            self = Self.fromTLS(String(describing: error))
        case let error as NIOSSLExtraError:
            let text = String(describing: error)
            self = text.lowercased().contains("hostname") ? .untrustedCertificate("not issued for this host") : .tls(text)
        default:
            self = Self(text: String(describing: error))
        }
    }

    /// From an error's text alone: the `(errno: N)` SwiftNIO writes, or a name it is known by.
    public init(text: String) {
        if let errno = Self.errno(in: text), let failure = Self.fromErrno(errno) {
            self = failure
            return
        }
        let known: [(String, TransportFailure)] = [
            ("Connection refused", .connectionRefused), ("Connection reset", .connectionReset),
            ("connectTimeout", .connectTimedOut), ("readTimeout", .answerTimedOut), ("deadlineExceeded", .answerTimedOut),
            ("remoteConnectionClosed", .connectionClosed), ("UnknownHost", .unknownHost),
            ("Network is unreachable", .networkUnreachable), ("No route to host", .hostUnreachable),
        ]
        if let match = known.first(where: { text.contains($0.0) }) {
            self = match.1
        } else if text.contains("BoringSSL") || text.contains("NIOSSL") {
            self = Self.fromTLS(text)
        } else {
            self = .other(text)
        }
    }

    public var description: String {
        switch self {
        case .connectionRefused: "connection refused"
        case .connectionReset: "connection reset"
        case .connectionClosed: "connection closed before an answer"
        case .connectTimedOut: "connection timed out"
        case .answerTimedOut: "no answer in time"
        case .hostUnreachable: "host unreachable"
        case .networkUnreachable: "network unreachable"
        case .unknownHost: "unknown host"
        case .untrustedCertificate(let reason): "TLS: certificate not trusted (\(reason))"
        case .tls(let reason): "TLS failed (\(reason))"
        case .other(let text): text
        }
    }

    /// True for the TLS cases: the server answered, but not in a way this side accepts.
    public var isTLS: Bool {
        switch self {
        case .untrustedCertificate, .tls: true
        default: false
        }
    }

    private static func fromErrno(_ code: CInt) -> TransportFailure? {
        switch code {
        case ECONNREFUSED: .connectionRefused
        case ECONNRESET, EPIPE: .connectionReset
        case ETIMEDOUT: .connectTimedOut
        case EHOSTUNREACH: .hostUnreachable
        case ENETUNREACH: .networkUnreachable
        default: nil
        }
    }

    private static func fromClientError(_ error: HTTPClientError) -> TransportFailure? {
        switch error {
        case .connectTimeout: .connectTimedOut
        case .readTimeout, .writeTimeout, .deadlineExceeded: .answerTimedOut
        case .remoteConnectionClosed: .connectionClosed
        case .tlsHandshakeTimeout: .tls("handshake timed out")
        default: nil
        }
    }

    /// A NIOSSL or BoringSSL error's text: the OpenSSL reason it names (`…:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED]`).
    private static func fromTLS(_ text: String) -> TransportFailure {
        let reason = openSSLReason(in: text)
        if let reason, reason.contains("CERTIFICATE") {
            return .untrustedCertificate(reason)
        }
        return .tls(reason ?? text)
    }

    private static func openSSLReason(in text: String) -> String? {
        guard let marker = text.ranges(of: "OPENSSL_internal:").last else { return nil }
        let reason = text[marker.upperBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
        return reason.isEmpty ? nil : String(reason)
    }

    /// N in `(errno: N)`.
    private static func errno(in text: String) -> CInt? {
        guard let marker = text.ranges(of: "(errno: ").last else { return nil }
        return CInt(text[marker.upperBound...].prefix { $0.isNumber })
    }
}
