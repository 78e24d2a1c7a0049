/// Told how long each command took, for metrics (`RedisConfiguration.observer`). Called on the
/// thread that sent the command, after the reply (or the failure): keep it short and non-blocking.
///
/// `name` is the command (`HGETALL`), `script:NAME` for a script, or `PIPELINE` for several
/// commands sent at once. Blocking commands (BLPOP, XREAD BLOCK, …), pipelines that start with
/// one, and dedicated connections are not reported: their time is mostly waiting by design.
public final class RedisCommandObserver: Sendable, Hashable {
    private let observe: @Sendable (_ name: String, _ duration: Duration, _ failed: Bool) -> Void

    public init(_ observe: @escaping @Sendable (_ name: String, _ duration: Duration, _ failed: Bool) -> Void) {
        self.observe = observe
    }

    public static func == (lhs: RedisCommandObserver, rhs: RedisCommandObserver) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    static let blockingCommands: Set<String> = ["BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX",
                                                "BZMPOP", "XREAD", "XREADGROUP", "SUBSCRIBE", "PSUBSCRIBE", "WAIT"]

    /// The label for these commands, or nil when they are not reported.
    static func label(_ commands: [RedisCommand]) -> String? {
        guard let first = commands.first, let last = commands.last else { return nil }
        // A wait sent together with the command that follows it (`waitThenRun`, after whatever rides
        // in front of it): mostly waiting too. (A write followed by its WAIT for replicas is reported:
        // its time is the write's.)
        if commands.dropLast().contains(where: { blockingCommands.contains($0.name) }) { return nil }
        // Scripts only: named for the last, the one the exchange is for (a worker's claim carries the
        // last run's `compact` in front of it).
        if let script = last.scriptName, commands.allSatisfy({ $0.scriptName != nil }) { return "script:" + script }
        if commands.count > 1 { return "PIPELINE" }
        return blockingCommands.contains(first.name) ? nil : first.name
    }

    /// Runs `body`, timing it and reporting it under the label of `commands`.
    func timing<Result>(_ commands: [RedisCommand], _ body: () throws(RedisError) -> Result) throws(RedisError) -> Result {
        guard let name = Self.label(commands) else { return try body() }
        let start = ContinuousClock.now
        do {
            let result = try body()
            observe(name, .now - start, false)
            return result
        } catch {
            observe(name, .now - start, true)
            throw error
        }
    }

    func timing<Result>(_ commands: [RedisCommand], _ body: () async throws(RedisError) -> Result) async throws(RedisError) -> Result {
        guard let name = Self.label(commands) else { return try await body() }
        let start = ContinuousClock.now
        do {
            let result = try await body()
            observe(name, .now - start, false)
            return result
        } catch {
            observe(name, .now - start, true)
            throw error
        }
    }
}
