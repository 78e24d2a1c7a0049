/// Why a pipeline file could not be loaded.
public enum PipelineFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read (missing, no permission, not UTF-8).
    case unreadable(path: String, reason: String)
    /// The text is not YAML. `line` is nil when the YAML library does not say where.
    case syntax(file: String, line: Int?, message: String)
    /// The YAML is not a valid pipeline file: every problem found, ordered by line.
    case invalid([PipelineDiagnostic])

    /// One line per problem, `FILE:LINE: message` (or `FILE: message` when there is no line):
    /// what `kickoff pipelines validate` prints.
    public var lines: [String] {
        switch self {
        case .unreadable(let path, let reason):
            ["\(path): cannot read the file: \(reason)"]
        case .syntax(let file, let line?, let message):
            ["\(file):\(line): YAML syntax error: \(message)"]
        case .syntax(let file, nil, let message):
            ["\(file): YAML syntax error: \(message)"]
        case .invalid(let diagnostics):
            diagnostics.map(\.description)
        }
    }

    public var description: String { lines.joined(separator: "\n") }
}
