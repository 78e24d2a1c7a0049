/// Which names the pipeline file accepts.
public enum NameRules {
    /// Pipeline, step, parameter and preset names: `[A-Za-z0-9_-]{1,64}`. Pipeline and step names
    /// become parts of Redis keys and file paths, so no dots, slashes, spaces or colons.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Environment variable names: `[A-Za-z_][A-Za-z0-9_]*`, what POSIX shells accept.
    public static func isValidEnvironmentName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "_") }
    }

    /// The variables a worker sets for every step (see the step protocol); the file may not set or
    /// inherit them, or a step would not see what the worker means it to.
    public static let reservedEnvironmentNames: Set<String> = [
        "KICKOFF_RUN_ID", "KICKOFF_STEP", "KICKOFF_ATTEMPT", "KICKOFF_PARAMETERS",
        "KICKOFF_INPUTS", "KICKOFF_OUTPUT", "KICKOFF_ARTIFACT_DIR",
    ]

    /// Kickoff's own configuration (`KICKOFF_REDIS_URL`, `KICKOFF_API_KEY`, `KICKOFF_WEBHOOK_SECRET`, …)
    /// lives under this prefix. None of it is ever inherited by a step: `inherit_env` may not name it.
    public static let kickoffPrefix = "KICKOFF_"

    /// True for a name that `inherit_env` may not pass through from the worker.
    public static func isKickoffOwnName(_ name: String) -> Bool {
        name.hasPrefix(kickoffPrefix)
    }
}

private extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
