import Crypto
public import RedisClient

extension WorkerQueue {
    /// Stores a finished run's packed value deflated (`PackedRun.compressed`: about 2.7 times
    /// smaller; Lua cannot compress, so the worker that finished the run does it, two round trips
    /// after the end). Returns whether it did: false when the run is not packed (yet), is deflated
    /// already, or changed meanwhile.
    @discardableResult
    public func compact(runID id: String) throws(RedisError) -> Bool {
        let key = operations.keys.done(id)
        guard let plain = try connection.send(RedisCommand("GET", key)).bytes, let deflated = PackedRun.compressed(plain) else {
            return false
        }
        let digest = Insecure.SHA1.hash(data: plain).map { byte in
            let hex = Array("0123456789abcdef")
            return String([hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }.joined()
        return try connection.run(QueueScripts.compact, keys: [key], arguments: [digest, deflated]).string == "ok"
    }
}
