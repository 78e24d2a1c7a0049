/// Everything that can go wrong talking to Redis, with enough context to act on it.
public enum RedisError: Error, Sendable, Hashable {
    /// The server answered the command with an error reply (`-ERR …`, `-NOSCRIPT …`, `-WRONGTYPE …`).
    case server(command: String, message: String)
    /// No usable connection: refused, reset, closed, timed out, or waiting out a reconnect backoff.
    /// The command may or may not have reached the server.
    case connection(endpoint: String, reason: String)
    /// The byte stream was not RESP2, or replies did not match the commands sent. The connection is dropped.
    case protocolViolation(endpoint: String, reason: String)
    /// A reply of a shape the caller did not expect.
    case unexpectedReply(command: String, reply: RedisReply)
    case invalidURL(String, reason: String)
    /// The write was applied on the primary but fewer replicas than required confirmed it in time:
    /// it may be lost if the primary fails now. Like a lost connection, the outcome is uncertain.
    case notReplicated(endpoint: String, acknowledged: Int, required: Int)

    /// True when the server could not be reached: the front answers 503, workers retry after a pause.
    public var isConnectionError: Bool {
        switch self {
        case .connection, .protocolViolation: true
        default: false
        }
    }

    /// True when trying again later may succeed: no connection, or the server saying it cannot serve
    /// right now (loading its data after a restart, busy with a script, a replica or a failover,
    /// out of memory under `noeviction`). The front answers 503; workers retry.
    public var isTransient: Bool {
        if isConnectionError { return true }
        if case .notReplicated = self { return true }
        guard let code = serverErrorCode else { return false }
        return ["LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "OOM"].contains(code)
    }

    /// True when the command may have taken effect although it failed: the connection was lost
    /// after sending it, or it was applied without the replicas' confirmation.
    public var mayHaveBeenApplied: Bool {
        if case .notReplicated = self { return true }
        return isConnectionError
    }

    /// True when Redis refused a write because it is at `maxmemory` and may not evict (`-OOM …`):
    /// nothing was stored. Reads and deletions still work; writes fail until memory is freed.
    public var isOutOfMemory: Bool { serverErrorCode == "OOM" }

    /// The error code of a server error (`NOSCRIPT`, `WRONGTYPE`, `ERR`, …).
    public var serverErrorCode: Substring? {
        guard case .server(_, let message) = self else { return nil }
        return message.split(separator: " ", maxSplits: 1).first
    }
}

extension RedisError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .server(let command, let message): "Redis \(command) failed: \(message)"
        case .connection(let endpoint, let reason): "Redis at \(endpoint) unreachable: \(reason)"
        case .protocolViolation(let endpoint, let reason): "Redis at \(endpoint): protocol error: \(reason)"
        case .unexpectedReply(let command, let reply): "Redis \(command): unexpected reply \(reply)"
        case .invalidURL(let url, let reason): "invalid Redis URL \(url): \(reason)"
        case .notReplicated(let endpoint, let acknowledged, let required):
            "Redis at \(endpoint): the write reached \(acknowledged) of the \(required) replicas required in time"
        }
    }
}
