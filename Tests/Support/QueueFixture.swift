import Foundation
public import KickoffModel
public import KickoffStore
public import RedisClient

/// A queue in a namespace of its own on the test Redis, so tests never see each other's runs.
public struct QueueFixture: Sendable {
    public let configuration: RedisConfiguration
    public let operations: QueueOperations
    public let namespace: String

    /// - Parameter configuration: another Redis than the shared test one (a private server with a password).
    /// - Parameter partitions: how many partitions runs are spread over (`RunPartitions`).
    /// - Parameter namespace: a namespace of the test's choosing (default: a fresh one).
    public init(retention: Duration = .seconds(3600), configuration: RedisConfiguration? = nil, partitions: Int = 1,
                namespace: String? = nil) async throws {
        var configuration = if let configuration { configuration } else { try await TestRedis.configuration() }
        self.namespace = namespace ?? "test-" + UUID().uuidString.prefix(8)
        operations = QueueOperations(keys: StoreKeys(namespace: self.namespace, partitions: RunPartitions(count: partitions)), retention: retention)
        // On a Redis Cluster, keyless commands go where this namespace's keys are.
        configuration.cluster?.homeKey = Array(operations.keys.prefix.utf8)
        self.configuration = configuration
    }

    private init(configuration: RedisConfiguration, operations: QueueOperations, namespace: String) {
        self.configuration = configuration
        self.operations = operations
        self.namespace = namespace
    }

    /// The same namespace on another server (a replica promoted after a failover).
    public func on(_ configuration: RedisConfiguration) -> QueueFixture {
        QueueFixture(configuration: configuration, operations: operations, namespace: namespace)
    }

    public var keys: StoreKeys { operations.keys }

    /// Runs blocking queue calls on a thread of their own, with a fresh connection.
    @discardableResult
    public func blocking<Result: Sendable>(_ body: @escaping @Sendable (WorkerQueue) throws -> Result) async throws -> Result {
        let configuration = configuration, operations = operations
        return try await onOwnThread {
            try body(WorkerQueue(connection: BlockingRedisConnection(configuration: configuration), operations: operations))
        }
    }

    public func newRun(steps: [String] = ["a", "b"], priority: RunPriority = .normal, delay: Duration = .zero, maxAttempts: Int = 1) -> NewRun {
        NewRun(pipeline: "demo", parameters: Dictionary(uniqueKeysWithValues: steps.map { ($0, ["x": JSONValue.integer(1)]) }),
               stepNames: steps, priority: priority, delay: delay, maxAttempts: maxAttempts, tags: ["t1"])
    }

    public func eventTypes(_ id: String) async throws -> [String] {
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        return try await RunStore(client: client, operations: operations).events(id: id).map(\.type)
    }

    public func send(_ command: RedisCommand) async throws -> RedisReply {
        try await blocking { try $0.connection.send(command) }
    }
}
