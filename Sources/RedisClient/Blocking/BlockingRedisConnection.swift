import CHiredis
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A connection for a worker's own threads: every call blocks its thread until the reply arrives.
/// Never use it from a Swift concurrency task. Not thread-safe: one thread owns it.
///
/// A lost connection is reopened on the next call; after failures, calls wait out an exponential
/// backoff before trying again, so a loop over `send` slows down by itself while Redis is away.
/// With a sentinel configuration each (re)connect first asks the sentinels where the primary is;
/// with a cluster configuration each command goes to its slot's primary (`+Cluster`).
public final class BlockingRedisConnection {
    public let configuration: RedisConfiguration
    private var context: UnsafeMutablePointer<redisContext>?
    /// The node connected to (or last tried), for error messages and to tell servers apart.
    public private(set) var endpoint: String
    private var consecutiveFailures = 0
    private var nextAttempt = ContinuousClock.now
    private var currentTimeout: Duration?
    /// In a cluster: the node the context is (or will be) connected to, the slot map (nil: load it
    /// before the next command), the primaries it named, and the node whose connection failed last.
    var clusterNode: ClusterNode?
    var slotMap: ClusterSlotMap?
    var knownPrimaries: [ClusterNode] = []
    var failedNode: ClusterNode?

    public init(configuration: RedisConfiguration) {
        self.configuration = configuration
        self.endpoint = configuration.endpoint
    }

    deinit {
        if let context { redisFree(context) }
    }

    public var isConnected: Bool { context != nil }

    /// Sends one command. An error reply is thrown as `.server` naming the command.
    /// `timeout` bounds the wait for the reply (for blocking commands pass their timeout plus a margin).
    @discardableResult
    public func send(_ command: RedisCommand, timeout: Duration? = nil) throws(RedisError) -> RedisReply {
        let reply = try roundTrip([command], timeout: timeout)[0]
        if case .error(let message) = reply { throw .server(command: command.name, message: message) }
        return reply
    }

    /// Sends every command before reading any reply: one round trip. Error replies stay in the result.
    public func pipeline(_ commands: [RedisCommand], timeout: Duration? = nil) throws(RedisError) -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        return try roundTrip(commands, timeout: timeout)
    }

    /// Opens the connection now (otherwise the first command does).
    public func connect() throws(RedisError) {
        _ = try connectedContext()
    }

    public func close() {
        if let context { redisFree(context) }
        context = nil
    }

    private func roundTrip(_ commands: [RedisCommand], timeout: Duration?) throws(RedisError) -> [RedisReply] {
        guard let observer = configuration.observer else { return try routedExchange(commands, timeout: timeout) }
        return try observer.timing(commands) { () throws(RedisError) in try routedExchange(commands, timeout: timeout) }
    }

    private func routedExchange(_ commands: [RedisCommand], timeout: Duration?) throws(RedisError) -> [RedisReply] {
        guard let cluster = configuration.cluster else { return try exchange(commands, timeout: timeout) }
        return try clusterExchange(commands, cluster: cluster, timeout: timeout)
    }

    /// The commands on the connection as it is (in a cluster: to `clusterNode`), no redirect followed.
    func exchange(_ commands: [RedisCommand], timeout: Duration?) throws(RedisError) -> [RedisReply] {
        let context = try connectedContext()
        try setTimeout(context, timeout ?? configuration.commandTimeout)
        for command in commands {
            let appended = CommandFormatter.withArgv(command.arguments) { argc, argv, lengths in
                redisAppendCommandArgv(context, argc, argv, lengths)
            }
            guard appended == REDIS_OK else { throw dropConnection(context, during: command) }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for command in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else {
                throw dropConnection(context, during: command)
            }
            replies.append(RedisReply(hiredis: raw.assumingMemoryBound(to: redisReply.self)))
            freeReplyObject(raw)
        }
        if configuration.sentinel != nil, replies.contains(where: SentinelResolver.meansPrimaryMoved) { close() }
        return replies
    }

    private func connectedContext() throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        if let context { return context }
        waitOutBackoff()
        do {
            let context = try openContext()
            self.context = context
            currentTimeout = configuration.connectTimeout
            consecutiveFailures = 0
            return context
        } catch {
            noteFailedAttempt()
            throw error
        }
    }

    /// After failures, sleeps until the backoff allows the next attempt.
    func waitOutBackoff() {
        let wait = nextAttempt - ContinuousClock.now
        if wait > .zero { Thread.sleep(forTimeInterval: wait.timeInterval) }
    }

    func noteFailedAttempt() {
        consecutiveFailures += 1
        nextAttempt = .now + configuration.reconnectBackoff.delay(afterFailures: consecutiveFailures)
    }

    private func openContext() throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        var node = configuration
        if let sentinel = configuration.sentinel {
            node = try SentinelResolver(configuration: configuration, sentinel: sentinel).discoverBlocking()
        } else if let cluster = configuration.cluster {
            // The router picks the node before it connects; a bare `connect()` goes to the home slot's.
            let target: ClusterNode
            if let clusterNode { target = clusterNode } else { target = try owner(ofSlot: cluster.homeSlot, cluster: cluster) }
            clusterNode = target
            node = configuration.clusterNode(target)
        }
        endpoint = node.endpoint
        guard let context = redisConnectWithTimeout(node.host, Int32(node.port), node.connectTimeout.cTimeval) else {
            throw .connection(endpoint: endpoint, reason: "could not allocate a hiredis context")
        }
        if context.pointee.err != 0 {
            let reason = Self.errorText(context)
            redisFree(context)
            throw .connection(endpoint: endpoint, reason: reason)
        }
        _ = redisEnableKeepAlive(context)
        self.context = context
        do {
            for command in node.handshake { try send(command) }
            if node.followsPrimary { try SentinelResolver.checkPrimaryRole(send(SentinelResolver.roleCommand), endpoint: endpoint) }
        } catch {
            close()
            throw error
        }
        return context
    }

    private func setTimeout(_ context: UnsafeMutablePointer<redisContext>, _ timeout: Duration) throws(RedisError) {
        guard currentTimeout != timeout else { return }
        guard redisSetTimeout(context, timeout.cTimeval) == REDIS_OK else {
            throw dropConnection(context, during: nil)
        }
        currentTimeout = timeout
    }

    /// After an I/O or protocol error hiredis's context is unusable: free it, reconnect next time.
    private func dropConnection(_ context: UnsafeMutablePointer<redisContext>, during command: RedisCommand?) -> RedisError {
        let reason = Self.errorText(context)
        let isProtocol = context.pointee.err == REDIS_ERR_PROTOCOL
        close()
        let detail = command.map { "\($0.name): \(reason)" } ?? reason
        return isProtocol
            ? .protocolViolation(endpoint: endpoint, reason: detail)
            : .connection(endpoint: endpoint, reason: detail)
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        let text = withUnsafeBytes(of: context.pointee.errstr) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "connection lost" : text
    }
}

extension Duration {
    var cTimeval: timeval {
        let (seconds, attoseconds) = components
        return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }

    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
