/// What `waitpid` said about the step's main process.
public enum StepExitStatus: Sendable, Hashable {
    case exited(Int32)
    case signaled(Int32)

    /// Decodes a `waitpid` status (the `WIFEXITED`/`WEXITSTATUS`/`WTERMSIG` macros are not visible from
    /// Swift). Stopped or continued statuses cannot occur: the runner never asks for `WUNTRACED`.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}
