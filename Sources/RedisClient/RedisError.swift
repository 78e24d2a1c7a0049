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
        guard let code = serverErrorCode else { return false }
        return ["LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "OOM"].contains(code)
    }

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
        }
    }
}
