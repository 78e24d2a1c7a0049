import NIOCore

/// Finds the primary through Redis Sentinel, for both faces of the client: asks each sentinel in
/// turn `SENTINEL get-master-addr-by-name`, and answers the configuration of the address the first
/// one names. The connection to that address then checks `ROLE` (a sentinel may still name a
/// primary that was just demoted) and treats READONLY replies as "the primary moved".
struct SentinelResolver: Sendable {
    let configuration: RedisConfiguration
    let sentinel: SentinelConfiguration

    init(configuration: RedisConfiguration, sentinel: SentinelConfiguration) {
        self.configuration = configuration
        self.sentinel = sentinel
    }

    /// How to talk to one sentinel: its own credentials, no database, the data nodes' timeouts.
    func sentinelConfiguration(_ endpoint: SentinelEndpoint) -> RedisConfiguration {
        RedisConfiguration(host: endpoint.host, port: endpoint.port, username: sentinel.username, password: sentinel.password,
                           connectTimeout: configuration.connectTimeout, commandTimeout: configuration.connectTimeout,
                           reconnectBackoff: configuration.reconnectBackoff)
    }

    var question: RedisCommand { RedisCommand("SENTINEL", "get-master-addr-by-name", sentinel.masterName) }

    /// The data node's configuration for the address a sentinel answered (`[host, port]`).
    func primary(from reply: RedisReply, sentinel endpoint: SentinelEndpoint) throws(RedisError) -> RedisConfiguration {
        guard let parts = reply.array, parts.count == 2, let host = parts[0].string, let port = parts[1].int.map(Int.init),
              (1...65535).contains(port) else {
            let reason = reply.isNull ? "does not know a master named \(sentinel.masterName)" : "answered \(reply)"
            throw .connection(endpoint: sentinel.description, reason: "sentinel \(endpoint) \(reason)")
        }
        var primary = configuration
        primary.host = host
        primary.port = port
        primary.sentinel = nil
        primary.followsPrimary = true
        return primary
    }

    /// All sentinels failed: one error listing why each did.
    func noAnswer(_ failures: [String]) -> RedisError {
        .connection(endpoint: sentinel.description, reason: "no sentinel named the primary: " + failures.joined(separator: "; "))
    }

    /// Asks the sentinels in order, each on a short-lived blocking connection (a worker's own thread).
    func discoverBlocking() throws(RedisError) -> RedisConfiguration {
        var failures: [String] = []
        for endpoint in sentinel.sentinels {
            let connection = BlockingRedisConnection(configuration: sentinelConfiguration(endpoint))
            defer { connection.close() }
            do {
                return try primary(from: connection.send(question), sentinel: endpoint)
            } catch {
                failures.append("\(endpoint): \(error)")
            }
        }
        throw noAnswer(failures)
    }

    /// Asks the sentinels in order over SwiftNIO.
    func discover(eventLoop: any EventLoop) async throws(RedisError) -> RedisConfiguration {
        var failures: [String] = []
        for endpoint in sentinel.sentinels {
            do {
                let connection = try await RedisConnection.mapError(endpoint.description) {
                    try await RedisConnection.makeNodeConnection(configuration: sentinelConfiguration(endpoint), eventLoop: eventLoop,
                                                                 commandTimeout: configuration.connectTimeout).get()
                }
                let reply: RedisReply
                do {
                    reply = try await connection.send(question)
                } catch {
                    await connection.close()
                    throw error
                }
                await connection.close()
                return try primary(from: reply, sentinel: endpoint)
            } catch {
                failures.append("\(endpoint): \(error)")
            }
        }
        throw noAnswer(failures)
    }

    static let roleCommand = RedisCommand("ROLE")

    /// `ROLE` answers `["master", …]` on a primary; anything else means the sentinels' answer is stale.
    static func checkPrimaryRole(_ reply: RedisReply, endpoint: String) throws(RedisError) {
        let role = reply.array?.first?.string ?? "\(reply)"
        guard role == "master" else {
            throw .connection(endpoint: endpoint, reason: "not the primary (ROLE says \(role)); asking the sentinels again")
        }
    }

    /// READONLY (a write to a demoted primary) or UNBLOCKED (a blocking command cut short by the
    /// demotion): the connection talks to a replica now and must be replaced.
    static func meansPrimaryMoved(_ reply: RedisReply) -> Bool {
        guard case .error(let message) = reply else { return false }
        return message.hasPrefix("READONLY") || message.hasPrefix("UNBLOCKED")
    }
}
