extension Pipeline {
    /// The resolved values that cannot become a step's argument: a C string ends at its first NUL, so
    /// a value with one would reach the step cut short (or fail its spawn on every attempt). Refused
    /// at trigger time; a value that only goes into `KICKOFF_PARAMETERS` (JSON, NUL escaped) is fine.
    public func argumentProblems(_ resolved: ResolvedParameters) -> [FieldError] {
        var problems: [FieldError] = []
        for step in steps {
            for case .parameter(let name) in step.run {
                guard let value = resolved[step.name]?[name], value.argumentText.utf8.contains(0) else { continue }
                let problem = FieldError(field: "steps.\(step.name).parameters.\(name)",
                                         message: "contains a NUL character, which cannot be passed in a step's argument list")
                if !problems.contains(problem) { problems.append(problem) }
            }
        }
        return problems
    }
}
