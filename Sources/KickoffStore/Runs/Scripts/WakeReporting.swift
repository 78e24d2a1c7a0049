import RedisClient

/// With partitions (N > 1) the queue scripts still push their partition's signal lists, where no
/// worker waits: idle workers wait on the namespace's lists (`StoreKeys.partitionedSignal`), on
/// another slot than any partition's. So every script that may put a run in line (a trigger, a
/// hand-back, a retry without backoff, a slot freed by an end or a cancel, a due or reclaimed run, a
/// claim that leaves runs) runs, with N > 1, as a variant that answers `{its answer, the queues it signalled}`;
/// its caller then wakes those queues' idle workers with one `partition_wake`, and only when there
/// are any. One partition runs the scripts as they are.
enum WakeReporting {
    /// The variants, by the plain script's name. A script not listed puts no run in line.
    static let variants: [String: RedisScript] = {
        let scripts = [QueueScripts.enqueue, QueueScripts.claim, QueueScripts.release, QueueScripts.failAttempt, QueueScripts.finish,
                       QueueScripts.cancel, QueueScripts.maintain]
        var variants: [String: RedisScript] = [:]
        for script in scripts {
            if let variant = variant(of: script) { variants[script.name] = variant }
        }
        return variants
    }()

    /// The script whose body runs as a function, its answer returned with the queues of the signal
    /// lists it pushed (`signalled`, noted by the prelude's `signal`); nil for a script not built on
    /// the prelude. An error the body raises is raised as before. Its name is the plain script's (its
    /// errors and metrics read the same).
    static func variant(of script: RedisScript) -> RedisScript? {
        let preludes = [LuaPrelude.source + LuaPrelude.resumeSource, OutOfMemoryFlag.shebang + LuaPrelude.source]
        guard let prelude = preludes.first(where: script.source.hasPrefix) else { return nil }
        let body = script.source.dropFirst(prelude.count)
        return RedisScript(name: script.name, source: prelude + """

            local function reported_body()
            \(body)
            end
            local answer = reported_body()
            if answer == nil then answer = false end
            local queues = {}
            for key in pairs(signalled) do
              local queue = string.match(key, '^{[^}]*}:signal:(.+)$')
              if queue then queues[#queues + 1] = queue end
            end
            table.sort(queues)
            return {answer, queues}

            """)
    }

    /// The script's own answer and the queues it signalled, from a variant's answer.
    static func split(_ reply: RedisReply, script: String) throws(RedisError) -> (answer: RedisReply, queues: [String]) {
        guard let parts = reply.array, parts.count == 2, let queues = parts[1].array else {
            throw .unexpectedReply(command: "script " + script, reply: reply)
        }
        if case .error(let message) = parts[0] { throw .server(command: "script " + script, message: message) }
        return (parts[0], queues.compactMap(\.string))
    }
}

extension ScriptCall {
    /// This call as its `WakeReporting` variant when `partitioned` (itself otherwise, or when the
    /// script has none).
    func reportingWakes(_ partitioned: Bool) -> ScriptCall {
        guard partitioned, !reportsWakes, let variant = WakeReporting.variants[script.name] else { return self }
        var call = self
        call.script = variant
        call.reportsWakes = true
        return call
    }
}
