import NIOCore
import NIOPosix

/// One non-blocking connection on a SwiftNIO channel. Safe to share: concurrent callers'
/// commands are pipelined and each gets its own reply. A blocking command (BLMOVE, XREAD BLOCK)
/// holds up every command queued behind it, so give those a connection of their own.
public final class RedisConnection: Sendable {
    let channel: any Channel
    public let endpoint: String

    init(channel: any Channel, endpoint: String) {
        self.channel = channel
        self.endpoint = endpoint
    }

    public static func connect(configuration: RedisConfiguration) async throws(RedisError) -> RedisConnection {
        try await connect(configuration: configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    static func connect(configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup) async throws(RedisError) -> RedisConnection {
        // A connection of its own is for blocking commands (XREAD BLOCK, BLPOP): no reply deadline.
        try await mapError(configuration.endpoint) {
            try await makeConnection(configuration: configuration, eventLoop: eventLoopGroup.any(), commandTimeout: nil).get()
        }
    }

    /// Opens a connection to the primary: the configured address, the one the sentinels name, or in a
    /// cluster the one serving the home slot.
    static func makeConnection(configuration: RedisConfiguration, eventLoop: any EventLoop,
                               commandTimeout: Duration?) -> EventLoopFuture<RedisConnection> {
        if let cluster = configuration.cluster {
            let loader = ClusterSlotMapLoader(configuration: configuration, cluster: cluster)
            return eventLoop.makeFutureWithTask { () async throws(RedisError) -> RedisConfiguration in
                let map = try await loader.load(known: [], failed: nil, eventLoop: eventLoop)
                guard let owner = map.owner(of: cluster.homeSlot) else { throw ClusterRouting.noOwner(slot: cluster.homeSlot, cluster: cluster) }
                return configuration.clusterNode(owner)
            }.flatMap { node in
                makeNodeConnection(configuration: node, eventLoop: eventLoop, commandTimeout: commandTimeout)
            }
        }
        guard let sentinel = configuration.sentinel else {
            return makeNodeConnection(configuration: configuration, eventLoop: eventLoop, commandTimeout: commandTimeout)
        }
        let resolver = SentinelResolver(configuration: configuration, sentinel: sentinel)
        return eventLoop.makeFutureWithTask { () async throws(RedisError) -> RedisConfiguration in
            try await resolver.discover(eventLoop: eventLoop)
        }.flatMap { node in
            makeNodeConnection(configuration: node, eventLoop: eventLoop, commandTimeout: commandTimeout)
        }
    }

    /// Opens a connection to `configuration.host:port` and sends the handshake (AUTH, SELECT, and
    /// ROLE when the address came from a sentinel).
    static func makeNodeConnection(configuration: RedisConfiguration, eventLoop: any EventLoop,
                                   commandTimeout: Duration?) -> EventLoopFuture<RedisConnection> {
        let endpoint = configuration.endpoint
        let replyTimeout = commandTimeout.map { TimeAmount.nanoseconds($0.nanoseconds) }
        let timeout = TimeAmount.nanoseconds(configuration.connectTimeout.nanoseconds)
        let closesWhenPrimaryMoves = configuration.followsPrimary
        return ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(
                        endpoint: endpoint, commandTimeout: replyTimeout, closesWhenPrimaryMoves: closesWhenPrimaryMoves))
                }
            }
            .connect(host: configuration.host, port: configuration.port)
            .flatMapError { error in
                eventLoop.makeFailedFuture(RedisError.connection(endpoint: endpoint, reason: ConnectionFailureText.of(error)))
            }
            .flatMap { channel in
                let connection = RedisConnection(channel: channel, endpoint: endpoint)
                let handshake = configuration.handshake + (configuration.followsPrimary ? [SentinelResolver.roleCommand] : [])
                guard !handshake.isEmpty else { return eventLoop.makeSucceededFuture(connection) }
                return connection.submit(handshake).flatMapThrowing { replies in
                    for (command, reply) in zip(handshake, replies) {
                        if case .error(let message) = reply { throw RedisError.server(command: command.name, message: message) }
                    }
                    if configuration.followsPrimary, let role = replies.last {
                        try SentinelResolver.checkPrimaryRole(role, endpoint: endpoint)
                    }
                    return connection
                }.flatMapError { error in
                    channel.close(promise: nil)
                    return eventLoop.makeFailedFuture(error)
                }
            }
    }

    public var isActive: Bool { channel.isActive }

    /// Sends one command. An error reply is thrown as `.server` naming the command.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RedisReply {
        let reply = try await Self.mapError(endpoint) { try await self.submit([command]).get()[0] }
        if case .error(let message) = reply { throw .server(command: command.name, message: message) }
        return reply
    }

    /// Sends all commands in one write; error replies stay in the result, in order.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        return try await Self.mapError(endpoint) { try await self.submit(commands).get() }
    }

    public func close() async {
        try? await channel.close()
    }

    /// Queues the commands on the channel in one event-loop turn and flushes once.
    func submit(_ commands: [RedisCommand]) -> EventLoopFuture<[RedisReply]> {
        let eventLoop = channel.eventLoop
        let endpoint = self.endpoint
        let promises = commands.map { _ in eventLoop.makePromise(of: RedisReply.self) }
        let channel = self.channel
        eventLoop.execute {
            for (command, promise) in zip(commands, promises) {
                // If the channel is already closed the handler never sees the write: fail it here.
                let written = eventLoop.makePromise(of: Void.self)
                written.futureResult.whenFailure { error in
                    promise.fail(RedisError.connection(endpoint: endpoint, reason: ConnectionFailureText.of(error)))
                }
                channel.write(RedisRequest(command: command, promise: promise), promise: written)
            }
            channel.flush()
        }
        return EventLoopFuture.whenAllSucceed(promises.map(\.futureResult), on: eventLoop)
    }

    static func mapError<Result: Sendable>(
        _ endpoint: String, _ body: () async throws -> Result
    ) async throws(RedisError) -> Result {
        do {
            return try await body()
        } catch let error as RedisError {
            throw error
        } catch {
            throw .connection(endpoint: endpoint, reason: ConnectionFailureText.of(error))
        }
    }
}
