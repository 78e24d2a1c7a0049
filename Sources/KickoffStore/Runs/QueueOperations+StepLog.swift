extension QueueOperations {
    /// The log so far of a step that is still running (see `step_log`).
    public func stepLog(id: String, token: String, step: String, log: String) -> ScriptCall {
        let keys = self.keys.forRun(id)
        return ScriptCall(script: QueueScripts.stepLog, keys: [keys.run(id), keys.logs(id)], arguments: [token, step, log])
    }
}

/// What `step_log` did with a running step's log so far.
public enum StepLogResult: String, Sendable, Hashable {
    case ok
    /// This attempt no longer holds the run: stop sending.
    case stale
    /// The step's final state is recorded already (its final log is there), or it has not
    /// started: this log was dropped.
    case notRunning = "not_running"
}
