import Foundation

/// Where and how to reach Redis: `redis://[user:password@]host:port/db`.
public struct RedisConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var database: Int
    public var connectTimeout: Duration
    /// How long a command may wait for its reply (blocking commands add their own timeout to it).
    public var commandTimeout: Duration
    public var reconnectBackoff: Backoff
    /// Told each command's duration (metrics); nil: nobody is told.
    public var observer: RedisCommandObserver?
    /// When set, `host` and `port` are not used: each (re)connect asks these sentinels where the
    /// primary is and checks with `ROLE` that it is one.
    public var sentinel: SentinelConfiguration?
    /// When set, `host` and `port` are not used: the client loads the cluster's slot map from these
    /// nodes and sends each command to the primary serving its key's slot, following redirects.
    public var cluster: ClusterConfiguration?
    /// When set, the writes that must survive a failover wait for this many replicas.
    public var replicaAcknowledgement: ReplicaAcknowledgement?
    /// Set on the address a sentinel named: `ROLE` must say master, and READONLY means the primary
    /// moved (the connection is closed, and the next one asks the sentinels again).
    var followsPrimary = false

    public init(
        host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil,
        database: Int = 0, connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(5),
        reconnectBackoff: Backoff = Backoff()
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
    }

    public init(url: String) throws(RedisError) {
        guard let components = URLComponents(string: url) else {
            throw .invalidURL(Self.redacted(url), reason: "not a URL")
        }
        guard components.scheme == "redis" else {
            throw .invalidURL(Self.redacted(url), reason: "scheme must be redis:// (TLS is not supported by hiredis 0.14)")
        }
        self.init()
        if let host = components.host, !host.isEmpty {
            self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        }
        if let port = components.port {
            guard (1...65535).contains(port) else { throw .invalidURL(Self.redacted(url), reason: "port \(port) out of range") }
            self.port = port
        }
        if let user = components.user, !user.isEmpty { username = user }
        if let password = components.password, !password.isEmpty { self.password = password }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !path.isEmpty {
            guard let database = Int(path), database >= 0 else {
                throw .invalidURL(Self.redacted(url), reason: "database must be a number, got \(path)")
            }
            self.database = database
        }
    }

    /// `host:port` (or the sentinels and master name), never with credentials: safe for logs and messages.
    public var endpoint: String {
        if let sentinel { return sentinel.description }
        if let cluster { return cluster.description }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The commands a new connection sends before anything else.
    var handshake: [RedisCommand] {
        var commands: [RedisCommand] = []
        if let password {
            commands.append(username.map { RedisCommand("AUTH", $0, password) } ?? RedisCommand("AUTH", password))
        }
        if database != 0 { commands.append(RedisCommand("SELECT", database)) }
        return commands
    }

    /// A URL with its password replaced, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "<redacted>"
    }
}
