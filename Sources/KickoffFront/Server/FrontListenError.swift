/// The front could not bind its address: says which and how to choose another.
public struct FrontListenError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let reason: String

    public var description: String {
        "cannot listen on \(host):\(port): \(reason). Choose another port with --port or KICKOFF_PORT."
    }
}

/// The Redis user may not run every command Kickoff sends: a configuration error, found at start.
public struct FrontRedisPermissionError: Error, CustomStringConvertible {
    public let description: String
}
