/// `[flag, value]` for each flag that was given, in order: the flags a parent process (`kickoff pool`,
/// `kickoff dev`) passes on to the command line of its children.
func forwardedFlags(_ flags: [(flag: String, value: String?)]) -> [String] {
    flags.flatMap { flag, value in value.map { [flag, $0] } ?? [] }
}
