/// How a step ended, as the run sees it. A step stopped by its timeout or by a cancel is reported as
/// such, whatever its process did after the SIGTERM (see `StepResult.exitStatus` for that).
public enum StepOutcome: Sendable, Hashable {
    /// The process exited by itself with this code; 0 is success.
    case exited(Int32)
    /// The process was killed by this signal, not sent by the runner.
    case signaled(Int32)
    /// The step ran past its timeout and was stopped.
    case timedOut
    /// The step was canceled, before it started or while it ran.
    case canceled

    public var isSuccess: Bool { self == .exited(0) }
}
