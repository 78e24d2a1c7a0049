extension Step {
    /// The argv to execute, with each `{{parameter}}` element replaced by that parameter's value as
    /// exactly one argument (see `JSONValue.argumentText`). Nothing is split, quoted or interpreted:
    /// the result goes straight to the process spawn, never to a shell.
    /// A parameter missing from `parameters` counts as null, i.e. an empty argument.
    public func argv(parameters: [String: JSONValue]) -> [String] {
        run.map { element in
            switch element {
            case .literal(let text): text
            case .parameter(let name): (parameters[name] ?? .null).argumentText
            }
        }
    }
}
