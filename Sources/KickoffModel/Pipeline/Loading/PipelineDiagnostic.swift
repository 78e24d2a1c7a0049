/// One problem in a pipeline file, at a line (1-based) of it.
public struct PipelineDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE: message`, the form compilers use, so editors can jump to the line.
    public var description: String { "\(file):\(line): \(message)" }
}
