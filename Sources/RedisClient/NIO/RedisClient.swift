import NIOCore
import NIOPosix
import Synchronization

/// The non-blocking client for async code (the front). A few connections, opened on demand,
/// shared by every caller: concurrent commands pipeline over them. Nothing here blocks a thread.
///
/// A connection that dies is reopened by the next command; while reconnects keep failing they are
/// spaced by an exponential backoff and commands fail at once with `.connection` in between,
/// so a caller can answer "try again later" instead of hanging.
///
/// With a cluster configuration the connections are per primary, and each command goes to the
/// primary serving its key's slot (`ClusterConnectionPool`).
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let slots: [ConnectionSlot]
    private let cluster: ClusterConnectionPool?
    private let nextSlot = Mutex(0)

    /// `connectionCount` connections on NIO's shared event loops.
    public convenience init(configuration: RedisConfiguration, connectionCount: Int = 2) {
        self.init(configuration: configuration, connectionCount: connectionCount, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    init(configuration: RedisConfiguration, connectionCount: Int, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        if let cluster = configuration.cluster {
            self.slots = []
            self.cluster = ClusterConnectionPool(configuration: configuration, cluster: cluster, connectionCount: connectionCount,
                                                 eventLoopGroup: eventLoopGroup)
        } else {
            self.slots = (0..<max(1, connectionCount)).map { _ in
                ConnectionSlot(configuration: configuration, eventLoop: eventLoopGroup.next())
            }
            self.cluster = nil
        }
    }

    /// Sends one command. An error reply is thrown as `.server` naming the command.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RedisReply {
        guard let observer = configuration.observer else { return try await sendUntimed(command) }
        return try await observer.timing([command]) { () async throws(RedisError) in try await sendUntimed(command) }
    }

    private func sendUntimed(_ command: RedisCommand) async throws(RedisError) -> RedisReply {
        guard let cluster else { return try await connection().send(command) }
        let reply = try await cluster.pipeline([command])[0]
        if case .error(let message) = reply { throw .server(command: command.name, message: message) }
        return reply
    }

    /// Sends the commands back to back on one connection; error replies stay in the result.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        guard let observer = configuration.observer else { return try await pipelineUntimed(commands) }
        return try await observer.timing(commands) { () async throws(RedisError) in try await pipelineUntimed(commands) }
    }

    private func pipelineUntimed(_ commands: [RedisCommand]) async throws(RedisError) -> [RedisReply] {
        guard let cluster else { return try await connection().pipeline(commands) }
        guard !commands.isEmpty else { return [] }
        return try await cluster.pipeline(commands)
    }

    /// A connection of its own for blocking commands or subscriptions, closed when `body` returns.
    /// In a cluster it goes to the home slot's primary (`ClusterConfiguration.homeKey`) and follows
    /// no redirect: the commands on it must be for keys of that slot. `slotKey`: go to the primary
    /// of this key's slot instead (keys of another hash tag than the home one).
    public func withDedicatedConnection<Result: Sendable>(
        slotKey: String? = nil, _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        var target = configuration
        if let cluster, let home = configuration.cluster?.homeSlot {
            // The pooled connections' slot map names the node: no map load of its own.
            target = configuration.clusterNode(try await cluster.owner(ofSlot: slotKey.map { KeySlot.of($0) } ?? home))
        }
        let connection = try await RedisConnection.connect(configuration: target, eventLoopGroup: eventLoopGroup)
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    public func shutdown() async {
        for slot in slots { await slot.close() }
        await cluster?.shutdown()
    }

    private func connection() async throws(RedisError) -> RedisConnection {
        let index = nextSlot.withLock { index in
            defer { index = (index + 1) % slots.count }
            return index
        }
        return try await slots[index].connection()
    }
}

/// One pooled connection and its reconnect state.
final class ConnectionSlot: Sendable {
    private enum State {
        case disconnected(failures: Int, retryAt: NIODeadline, lastError: RedisError?)
        case connecting(EventLoopFuture<RedisConnection>, failures: Int)
        case connected(RedisConnection)
        case closed
    }

    private let configuration: RedisConfiguration
    private let eventLoop: any EventLoop
    private let state: Mutex<State>

    init(configuration: RedisConfiguration, eventLoop: any EventLoop) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.state = Mutex(.disconnected(failures: 0, retryAt: .now(), lastError: nil))
    }

    func connection() async throws(RedisError) -> RedisConnection {
        let attempt: Result<(EventLoopFuture<RedisConnection>, started: Bool), RedisError> = state.withLock { state in
            var failures = 0
            switch state {
            case .connected(let connection) where connection.isActive:
                return .success((eventLoop.makeSucceededFuture(connection), false))
            case .connected:
                failures = 0  // it worked until now: reconnect at once
            case .connecting(let future, _):
                return .success((future, false))
            case .disconnected(let previous, let retryAt, let lastError):
                if let lastError, NIODeadline.now() < retryAt { return .failure(lastError) }
                failures = previous
            case .closed:
                return .failure(.connection(endpoint: configuration.endpoint, reason: "client shut down"))
            }
            let future = RedisConnection.makeConnection(configuration: configuration, eventLoop: eventLoop,
                                                        commandTimeout: configuration.commandTimeout)
            state = .connecting(future, failures: failures)
            return .success((future, true))
        }
        let (future, started) = try attempt.get()
        // Registered outside the lock: the callback takes the lock itself.
        if started { future.whenComplete { [self] result in self.connectionAttemptEnded(result) } }
        return try await RedisConnection.mapError(configuration.endpoint) { try await future.get() }
    }

    private func connectionAttemptEnded(_ result: Result<RedisConnection, any Error>) {
        state.withLock { state in
            guard case .connecting(_, let failures) = state else {
                if case .success(let connection) = result { connection.channel.close(promise: nil) }
                return
            }
            switch result {
            case .success(let connection):
                state = .connected(connection)
            case .failure(let error):
                let redisError = (error as? RedisError) ?? .connection(endpoint: configuration.endpoint, reason: ConnectionFailureText.of(error))
                let delay = configuration.reconnectBackoff.delay(afterFailures: failures + 1)
                state = .disconnected(failures: failures + 1, retryAt: .now() + .nanoseconds(delay.nanoseconds), lastError: redisError)
            }
        }
    }

    func close() async {
        let connection: RedisConnection? = state.withLock { state in
            defer { state = .closed }
            if case .connected(let connection) = state { return connection }
            return nil
        }
        await connection?.close()
    }
}
