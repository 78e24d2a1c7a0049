import Glibc
import KickoffModel
import KickoffStore
import RedisClient

/// Sends the log so far of a long-running step to Redis (`step_log`), so that the API and the
/// dashboard show it while the step runs. Called on every tick of the lease keeper's thread, on
/// its connection: never on the thread that runs the steps, never on a Swift concurrency thread.
///
/// Cheap on the hot path: nothing is sent for a step younger than `interval` (a step that ends
/// sooner has its whole log in its final record), and then only when the file grew, at most once
/// per `interval`. What is sent is the end of the file, capped as the final record caps it, and it
/// replaces the previous tail: Redis holds one capped copy per step, however long the step runs.
struct LiveLogTail {
    let interval: Duration
    let logCap: Int

    /// What was last sent: for which step of which attempt, the file's size then, and when.
    private var last: (step: Sent, size: Int, at: ContinuousClock.Instant)?

    private struct Sent: Equatable {
        var runID: String
        var token: String
        var name: String
    }

    init(interval: Duration, logCap: Int) {
        self.interval = interval
        self.logCap = logCap
    }

    enum Outcome: Equatable {
        /// Sent; what `step_log` did with it. `stale` and `notRunning` are no errors: the heartbeat
        /// and the step's end deal with those, and nothing more is sent until the file grows again.
        case sent(StepLogResult)
        /// Not sent (Redis away, the file unreadable): tried again an interval later, not at every
        /// tick, as through an outage each call may wait its timeout and the heartbeat shares the
        /// thread. The step's final record has the whole log anyway.
        case failed(String)
    }

    /// Sends the running step's log when it is due; nil when nothing was.
    mutating func tick(_ current: WorkerState.Current?, queue: WorkerQueue, now: ContinuousClock.Instant) -> Outcome? {
        guard let current, let step = current.step, now - step.startedAt >= interval else { return nil }
        let sent = Sent(runID: current.run.record.id, token: current.run.token, name: step.name)
        if let last, last.step == sent, now - last.at < interval { return nil }
        guard let path = try? step.directory.logPath(step: step.name) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        if let last, last.step == sent, last.size == size { return nil }
        do {
            let log = try step.directory.readLog(step: step.name, capBytes: logCap).text
            let result = try queue.stepLog(current.run, step: step.name, log: log)
            last = (sent, size, now)
            return .sent(result)
        } catch {
            last = (sent, -1, now)
            return .failed("\(error)")
        }
    }
}
