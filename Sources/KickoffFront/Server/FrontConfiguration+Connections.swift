extension FrontConfiguration {
    /// Descriptors kept for what is not a client connection: Redis connections, the listening socket,
    /// files, the scheduler.
    static let reservedDescriptors = 64

    /// The default of `--max-connections`: half of what the open-file limit leaves after the reserve,
    /// since each connection may also hold a Redis connection of its own (an event stream, an invoke).
    /// At least 8; nil (no cap) when the limit is unknown.
    public static func defaultMaximumConnections(openFileLimit: Int?) -> Int? {
        guard let openFileLimit else { return nil }
        return max(8, (openFileLimit - reservedDescriptors) / 2)
    }
}
