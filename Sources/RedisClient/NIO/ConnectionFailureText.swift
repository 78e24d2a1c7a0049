import Glibc
import NIOCore
import NIOPosix

/// The few words a person reads for a connection that failed: "Connection refused", not SwiftNIO's
/// `Connection errors: SingleConnectionFailure(target: …, error: connection reset (error set):
/// Connection refused) (errno: 111))` (its text for any error a connect reports).
enum ConnectionFailureText {
    static func of(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            // One failure per address tried: the first says why, the others (IPv6 and IPv4 of one name) repeat it.
            if let first = error.connectionErrors.first { return of(first.error) }
            if let dnsError = error.dnsAAAAError ?? error.dnsAError { return "the host name does not resolve (\(dnsError))" }
            return "\(error)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case ChannelError.connectTimeout(let timeout):
            return "no connection within \(timeout)"
        case let error as ChannelError:
            return "\(error)"
        default:
            return "\(error)"
        }
    }
}
