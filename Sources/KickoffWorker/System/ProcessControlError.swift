/// A `prctl` call the kernel refused.
public struct ProcessControlError: Error, Sendable, Hashable, CustomStringConvertible {
    public var call: String
    public var code: Int32

    public var description: String { "\(call) failed: \(errnoText(code))" }
}
