/// Where a setting's value came from, so that an error names what the user has to fix.
public enum SettingSource: Sendable, Hashable, CustomStringConvertible {
    /// A command-line flag, such as `--port`.
    case flag(String)
    /// An environment variable, such as `KICKOFF_PORT`.
    case environment(String)
    case defaultValue

    public var description: String {
        switch self {
        case .flag(let name): name
        case .environment(let name): name
        case .defaultValue: "the default"
        }
    }
}
