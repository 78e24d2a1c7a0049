/// One command as binary-safe arguments: `RedisCommand("SET", key, bytes)`.
public struct RedisCommand: Sendable, Hashable {
    public var arguments: [[UInt8]]
    /// Set for EVALSHA/EVAL of a `RedisScript`: its name, for metrics.
    public var scriptName: String?

    public init(_ name: String, _ arguments: any RedisArgumentConvertible...) {
        self.init(name, arguments)
    }

    public init(_ name: String, _ arguments: [any RedisArgumentConvertible]) {
        self.arguments = [Array(name.utf8)] + arguments.map(\.redisArgument)
    }

    public init(arguments: [[UInt8]]) {
        self.arguments = arguments
    }

    /// The command's name, for error messages (`SET`, `EVALSHA`).
    public var name: String {
        arguments.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? "<empty>"
    }

    public mutating func append(_ argument: any RedisArgumentConvertible) {
        arguments.append(argument.redisArgument)
    }
}

/// Values that can be sent as one command argument.
public protocol RedisArgumentConvertible: Sendable {
    var redisArgument: [UInt8] { get }
}

extension String: RedisArgumentConvertible {
    public var redisArgument: [UInt8] { Array(utf8) }
}

extension Substring: RedisArgumentConvertible {
    public var redisArgument: [UInt8] { Array(utf8) }
}

extension Array: RedisArgumentConvertible where Element == UInt8 {
    public var redisArgument: [UInt8] { self }
}

extension Int: RedisArgumentConvertible {
    public var redisArgument: [UInt8] { Array(String(self).utf8) }
}

extension Int64: RedisArgumentConvertible {
    public var redisArgument: [UInt8] { Array(String(self).utf8) }
}

extension Double: RedisArgumentConvertible {
    public var redisArgument: [UInt8] { Array(String(self).utf8) }
}
