import Crypto
import KickoffModel
public import RedisClient

extension WorkerQueue {
    /// Stores a finished run's packed value deflated (`PackedRun.compressed`: about 2.3 times
    /// smaller; Lua cannot compress, so the worker that finished the run does it: `finish` hands the
    /// value over; after `fail_attempt` it is read first). Returns whether it did: false when the run
    /// is not packed (yet), is deflated already, or changed meanwhile.
    @discardableResult
    public func compact(runID id: String) throws(RedisError) -> Bool {
        guard let plain = try connection.send(RedisCommand("GET", operations.keys.done(id))).bytes,
              let compaction = Compaction(key: operations.keys.done(id), plain: plain) else { return false }
        return try compaction.run(on: connection).string == "ok"
    }

    /// `compact` of the value `finish` answered with. Best effort: a run left plain reads the same,
    /// only larger; the finish it follows has succeeded either way. With one partition it is not sent
    /// now but in front of this connection's next claim, in the same write (`takeDeferred`): the
    /// worker goes on to its next run without a round trip of its own for it.
    func compactQuietly(runID id: String, plain: [UInt8]?) {
        guard let plain, let compaction = Compaction(key: operations.keys.done(id), plain: plain) else { return }
        if operations.keys.partitions.isSingle {
            deferred = compaction
        } else {
            _ = try? compaction.run(on: connection)
        }
    }

    /// The compaction waiting for the next claim's write, if any, taken: a lost write loses only
    /// the saving, never a run. Sent first in that write; its reply goes to `settle`.
    func takeDeferred() -> Compaction? {
        defer { deferred = nil }
        return deferred
    }

    /// The reply to a compaction sent in front of a claim: a script Redis did not know yet
    /// (`NOSCRIPT`, after a restart) is run once more as `EVAL`, which loads it for the next ones.
    func settle(_ compaction: Compaction?, reply: RedisReply?) {
        guard let compaction, case .error(let message)? = reply, message.hasPrefix("NOSCRIPT") else { return }
        _ = try? compaction.run(on: connection)
    }

    /// Sends the compaction still waiting for a claim (the worker stops). Best effort.
    public func flushDeferred() {
        guard let compaction = takeDeferred() else { return }
        settle(compaction, reply: (try? connection.pipeline([compaction.command]))?.first)
    }
}

/// One `compact` call: a finished run's packed value (`{ns}:done:<id>`) to replace by its deflated
/// form while it is still the value read (its SHA-1).
struct Compaction {
    let key: String
    let digest: String
    let deflated: [UInt8]

    /// Nil when `plain` does not deflate (not a plain packed value).
    init?(key: String, plain: [UInt8]) {
        guard let deflated = PackedRun.compressed(plain) else { return nil }
        let hex = Array("0123456789abcdef")
        self.key = key
        self.digest = String(Insecure.SHA1.hash(data: plain).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] })
        self.deflated = deflated
    }

    var command: RedisCommand { QueueScripts.compact.evalSHA(keys: [key], arguments: [digest, deflated]) }

    func run(on connection: BlockingRedisConnection) throws(RedisError) -> RedisReply {
        try connection.run(QueueScripts.compact, keys: [key], arguments: [digest, deflated])
    }
}
