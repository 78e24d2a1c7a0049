public import RedisClient

/// A store call failed. What the front and the client commands see of Redis: whether trying again
/// later may help (`isTransient`: the front answers 503 with Retry-After, else 500), whether the
/// change may have been applied anyway, and a description for logs and error messages.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Redis could not be reached, or cannot serve now (loading, busy, a failover, out of memory).
        case unavailable
        /// The write was applied on the primary, but fewer replicas than required confirmed it in time.
        case notReplicated
        /// Redis refused the command, or answered in a shape the store did not expect.
        case failed
        /// A stored value could not be read (a run record, …).
        case unreadable
        /// Redis refused a command for Kickoff's ACL user (`NOPERM`): a configuration error.
        case notPermitted
        /// Redis is at `maxmemory` and may not evict (`noeviction`): the write was refused, nothing
        /// was stored. Reads and deletions (purge) still work. The front answers 507.
        case full
    }

    public let kind: Kind
    /// What went wrong, naming the command or script (`Redis HGETALL failed: …`).
    public let description: String
    /// True when the change may have taken effect although the call failed: the connection was lost
    /// after sending it, or it was applied without the replicas' confirmation.
    public let mayHaveBeenApplied: Bool

    /// True when trying again later may succeed.
    public var isTransient: Bool { kind == .unavailable || kind == .notReplicated || kind == .full }

    /// True when Redis refused a write for want of memory (`kind == .full`).
    public var isStoreFull: Bool { kind == .full }

    /// The one place a Redis client error becomes a store error.
    public init(_ error: RedisError) {
        if case .notReplicated = error {
            kind = .notReplicated
        } else if error.isPermissionDenied {
            kind = .notPermitted
        } else if error.isOutOfMemory {
            kind = .full
        } else {
            kind = error.isTransient ? .unavailable : .failed
        }
        description = error.description
        mayHaveBeenApplied = error.mayHaveBeenApplied
    }

    /// A stored value that cannot be read; `description` says which and why.
    public static func unreadable(_ description: String) -> StoreError {
        StoreError(kind: .unreadable, description: description, mayHaveBeenApplied: false)
    }

    private init(kind: Kind, description: String, mayHaveBeenApplied: Bool) {
        self.kind = kind
        self.description = description
        self.mayHaveBeenApplied = mayHaveBeenApplied
    }

    /// Runs `body`, turning its `RedisError` into a `StoreError`: used by `StoreClient`, the
    /// store's only way to the pipelining client.
    static func wrap<T>(_ body: () async throws(RedisError) -> T) async throws(StoreError) -> T {
        do { return try await body() } catch { throw StoreError(error) }
    }

    /// `wrap` for decoding a reply.
    static func decoding<T>(_ body: () throws(RedisError) -> T) throws(StoreError) -> T {
        do { return try body() } catch { throw StoreError(error) }
    }
}
