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
public typealias SentinelEndpoint = RedisNode
