import Foundation
import KickoffCore
import KickoffTestSupport
import RedisClient

/// A queue in a namespace of its own on the test Redis, so tests never see each other's runs.
struct QueueFixture {
    let configuration: RedisConfiguration
    let operations: QueueOperations

    init(retention: Duration = .seconds(3600)) async throws {
        configuration = try await TestRedis.configuration()
        operations = QueueOperations(keys: RunKeys(namespace: "test-" + UUID().uuidString.prefix(8)), retention: retention)
    }

    var keys: RunKeys { operations.keys }

    /// Runs blocking queue calls on a thread of their own, with a fresh connection.
    @discardableResult
    func blocking<Result: Sendable>(_ body: @escaping @Sendable (WorkerQueue) throws -> Result) async throws -> Result {
        let configuration = configuration, operations = operations
        return try await onOwnThread {
            try body(WorkerQueue(connection: BlockingRedisConnection(configuration: configuration), operations: operations))
        }
    }

    func newRun(steps: [String] = ["a", "b"], priority: RunPriority = .normal, delay: Duration = .zero, maxAttempts: Int = 1) -> NewRun {
        NewRun(pipeline: "demo", parameters: Dictionary(uniqueKeysWithValues: steps.map { ($0, ["x": JSONValue.integer(1)]) }),
               stepNames: steps, priority: priority, delay: delay, maxAttempts: maxAttempts, tags: ["t1"])
    }

    func eventTypes(_ id: String) async throws -> [String] {
        let client = RedisClient(configuration: configuration, connectionCount: 1)
        defer { Task { await client.shutdown() } }
        return try await RunStore(client: client, operations: operations).events(id: id).map(\.type)
    }

    func send(_ command: RedisCommand) async throws -> RedisReply {
        try await blocking { try $0.connection.send(command) }
    }
}
