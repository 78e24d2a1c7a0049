import Crypto
public import RedisClient

extension WorkerQueue {
    /// Stores a finished run's packed value deflated (`PackedRun.compressed`: about 2.3 times
    /// smaller; Lua cannot compress, so the worker that finished the run does it: `finish` hands the
    /// value over, one round trip after the end; after `fail_attempt`, two). Returns whether it
    /// did: false when the run is not packed (yet), is deflated already, or changed meanwhile.
    @discardableResult
    public func compact(runID id: String) throws(RedisError) -> Bool {
        guard let plain = try connection.send(RedisCommand("GET", operations.keys.done(id))).bytes else { return false }
        return try compact(runID: id, plain: plain)
    }

    /// `compact` of the value `finish` answered with (one round trip). Best effort: a run left
    /// plain reads the same, only larger; the finish it follows has succeeded either way.
    func compactQuietly(runID id: String, plain: [UInt8]?) {
        guard let plain else { return }
        _ = try? compact(runID: id, plain: plain)
    }

    /// Stores `plain` (the run's packed value, as read) deflated, while it is still the stored one.
    func compact(runID id: String, plain: [UInt8]) throws(RedisError) -> Bool {
        let key = operations.keys.done(id)
        guard let deflated = PackedRun.compressed(plain) else { return false }
        let digest = Insecure.SHA1.hash(data: plain).map { byte in
            let hex = Array("0123456789abcdef")
            return String([hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }.joined()
        return try connection.run(QueueScripts.compact, keys: [key], arguments: [digest, deflated]).string == "ok"
    }
}
