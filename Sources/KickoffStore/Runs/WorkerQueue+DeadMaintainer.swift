public import RedisClient

extension WorkerQueue {
    /// Frees the maintainer lease if the dead process whose tokens end in `suffix` (`@host/pid`)
    /// holds it; true if it did. What a pool calls when it reaps a worker.
    public func releaseMaintainer(ofDeadProcess suffix: String) throws(RedisError) -> Bool {
        let reply = try connection.run(QueueScripts.releaseDeadMaintainer, keys: [operations.keys.maintainer], arguments: [suffix])
        return reply.int == 1
    }
}
