import Crypto

/// A Lua script run by `EVALSHA`, falling back to `EVAL` (which also caches it) on `NOSCRIPT`,
/// so a restarted or flushed server is handled without a separate `SCRIPT LOAD`.
public struct RedisScript: Sendable, Hashable {
    public let name: String
    public let source: String
    public let sha1: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The `EVALSHA` command of this script, to send in a pipeline (`BlockingRedisConnection.run(_:…preceding:)`).
    public func evalSHA(keys: [any RedisArgumentConvertible], arguments: [any RedisArgumentConvertible]) -> RedisCommand {
        var command = RedisCommand("EVALSHA", [sha1, keys.count] + keys + arguments)
        command.scriptName = name
        return command
    }

    func eval(keys: [any RedisArgumentConvertible], arguments: [any RedisArgumentConvertible]) -> RedisCommand {
        var command = RedisCommand("EVAL", [source, keys.count] + keys + arguments)
        command.scriptName = name
        return command
    }

    /// Errors from the script name it, not just `EVALSHA`.
    func named(_ error: RedisError) -> RedisError {
        guard case .server(_, let message) = error else { return error }
        return .server(command: "script \(name)", message: message)
    }
}

/// The non-blocking faces (`RedisClient`, `RedisConnection`), so that scripts are run one way.
public protocol AsyncRedisCommandSender: Sendable {
    @discardableResult
    func send(_ command: RedisCommand) async throws(RedisError) -> RedisReply
}

extension RedisClient: AsyncRedisCommandSender {}
extension RedisConnection: AsyncRedisCommandSender {}

extension AsyncRedisCommandSender {
    @discardableResult
    public func run(_ script: RedisScript, keys: [any RedisArgumentConvertible] = [], arguments: [any RedisArgumentConvertible] = []) async throws(RedisError) -> RedisReply {
        do {
            return try await send(script.evalSHA(keys: keys, arguments: arguments))
        } catch where error.serverErrorCode == "NOSCRIPT" {
            do {
                return try await send(script.eval(keys: keys, arguments: arguments))
            } catch {
                throw script.named(error)
            }
        } catch {
            throw script.named(error)
        }
    }
}

extension BlockingRedisConnection {
    @discardableResult
    public func run(_ script: RedisScript, keys: [any RedisArgumentConvertible] = [], arguments: [any RedisArgumentConvertible] = []) throws(RedisError) -> RedisReply {
        do {
            return try send(script.evalSHA(keys: keys, arguments: arguments))
        } catch where error.serverErrorCode == "NOSCRIPT" {
            do {
                return try send(script.eval(keys: keys, arguments: arguments))
            } catch {
                throw script.named(error)
            }
        } catch {
            throw script.named(error)
        }
    }
}
