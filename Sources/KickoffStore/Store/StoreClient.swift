import RedisClient

/// The pipelining `RedisClient` as the store's async types use it: every call throws `StoreError`,
/// so a `RedisError` never leaves the store (the worker's blocking `WorkerQueue` keeps its own).
struct StoreClient: Sendable {
    let redis: RedisClient

    func send(_ command: RedisCommand) async throws(StoreError) -> RedisReply {
        try await StoreError.wrap { () async throws(RedisError) in try await redis.send(command) }
    }

    func pipeline(_ commands: [RedisCommand]) async throws(StoreError) -> [RedisReply] {
        try await StoreError.wrap { () async throws(RedisError) in try await redis.pipeline(commands) }
    }

    func run(_ script: RedisScript, keys: [any RedisArgumentConvertible] = [],
             arguments: [any RedisArgumentConvertible] = []) async throws(StoreError) -> RedisReply {
        try await StoreError.wrap { () async throws(RedisError) in try await redis.run(script, keys: keys, arguments: arguments) }
    }

    func run(_ call: ScriptCall) async throws(StoreError) -> RedisReply {
        try await run(call.script, keys: call.keys, arguments: call.arguments)
    }

    /// A script call that waits for the configured replicas (`RedisConfiguration.replicaAcknowledgement`).
    func runAcknowledged(_ call: ScriptCall) async throws(StoreError) -> RedisReply {
        try await StoreError.wrap { () async throws(RedisError) in
            try await redis.runAcknowledged(call.script, keys: call.keys, arguments: call.arguments)
        }
    }

    /// A connection of its own for blocking reads (XREAD BLOCK), closed when `body` returns: on the
    /// shared pipelining connections a blocking read would hold up every command queued behind it.
    /// `slotKey`: on a cluster, to the primary of this key's slot (default: the namespace's).
    func withDedicatedConnection<Result: Sendable>(slotKey: String? = nil,
                                                   _ body: (DedicatedConnection) async throws -> Result) async throws -> Result {
        do {
            return try await redis.withDedicatedConnection(slotKey: slotKey) { connection in try await body(DedicatedConnection(connection: connection)) }
        } catch let error as RedisError {
            throw StoreError(error)  // connecting failed (the connection's own calls throw StoreError)
        }
    }

    struct DedicatedConnection: Sendable {
        let connection: RedisConnection

        func send(_ command: RedisCommand) async throws(StoreError) -> RedisReply {
            try await StoreError.wrap { () async throws(RedisError) in try await connection.send(command) }
        }

        func pipeline(_ commands: [RedisCommand]) async throws(StoreError) -> [RedisReply] {
            try await StoreError.wrap { () async throws(RedisError) in try await connection.pipeline(commands) }
        }
    }
}
