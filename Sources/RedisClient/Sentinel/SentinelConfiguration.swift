import Foundation

/// Where to find Redis through Redis Sentinel: the sentinels to ask and the name of the primary
/// they watch (`sentinel monitor <name> …`). The data nodes keep the URL's user, password and db;
/// the sentinels have their own optional credentials.
public struct SentinelConfiguration: Sendable, Hashable {
    public var sentinels: [SentinelEndpoint]
    public var masterName: String
    public var username: String?
    public var password: String?

    public init(sentinels: [SentinelEndpoint], masterName: String, username: String? = nil, password: String? = nil) {
        self.sentinels = sentinels
        self.masterName = masterName
        self.username = username
        self.password = password
    }

    /// `master m via sentinels 127.0.0.1:26379,10.0.0.2:26379`, for messages.
    public var description: String {
        "master \(masterName) via sentinels \(sentinels.map(\.description).joined(separator: ","))"
    }
}

/// One sentinel's address.
public struct SentinelEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port,host:port` (IPv6 as `[::1]:26379`); nil with the reason when a part is unusable.
    public static func parseList(_ text: String) -> Result<[SentinelEndpoint], SentinelListError> {
        var endpoints: [SentinelEndpoint] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let colon = item.lastIndex(of: ":") else { return .failure(SentinelListError(item: item, reason: "expected host:port")) }
            var host = String(item[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { return .failure(SentinelListError(item: item, reason: "the host is empty")) }
            guard let port = Int(item[item.index(after: colon)...]), (1...65535).contains(port) else {
                return .failure(SentinelListError(item: item, reason: "expected a port 1…65535 after the last ':'"))
            }
            endpoints.append(SentinelEndpoint(host: host, port: port))
        }
        return .success(endpoints)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// Why a sentinel list could not be read, naming the part at fault.
public struct SentinelListError: Error, Sendable, Hashable, CustomStringConvertible {
    public var item: String
    public var reason: String

    public var description: String { "\(item.debugDescription): \(reason)" }
}
