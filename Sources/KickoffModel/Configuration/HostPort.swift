import Foundation
/// A server's address as configured, such as one sentinel of `--redis-sentinels`.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port,host:port` (IPv6 as `[::1]:26379`); nil with the reason when a part is unusable.
    public static func parseList(_ text: String) -> Result<[HostPort], HostPortListError> {
        var endpoints: [HostPort] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let colon = item.lastIndex(of: ":") else { return .failure(HostPortListError(item: item, reason: "expected host:port")) }
            var host = String(item[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { return .failure(HostPortListError(item: item, reason: "the host is empty")) }
            guard let port = Int(item[item.index(after: colon)...]), (1...65535).contains(port) else {
                return .failure(HostPortListError(item: item, reason: "expected a port 1…65535 after the last ':'"))
            }
            endpoints.append(HostPort(host: host, port: port))
        }
        return .success(endpoints)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// Why a `host:port` list could not be read, naming the part at fault.
public struct HostPortListError: Error, Sendable, Hashable, CustomStringConvertible {
    public var item: String
    public var reason: String

    public var description: String { "\(item.debugDescription): \(reason)" }
}
