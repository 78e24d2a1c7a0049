extension RedisError {
    /// True when Redis refused the command for the connection's ACL user: `NOPERM` for a command
    /// sent directly, `ERR The user executing the script can't …` for one inside a Lua script. A
    /// configuration error: trying again does not help.
    public var isPermissionDenied: Bool {
        guard case .server(_, let message) = self else { return false }
        return message.hasPrefix("NOPERM") || message.contains("The user executing the script can't")
    }
}
