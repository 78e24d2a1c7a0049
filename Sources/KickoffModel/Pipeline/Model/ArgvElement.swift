/// One element of a step's `run` argv.
public enum ArgvElement: Sendable, Hashable {
    /// Passed as written.
    case literal(String)
    /// Written `"{{name}}"` in the file: replaced by that parameter's value as exactly one argument.
    case parameter(String)
}
