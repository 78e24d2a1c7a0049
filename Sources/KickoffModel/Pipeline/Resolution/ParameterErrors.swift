/// Every problem with a trigger's parameter values, in a stable order; never empty when thrown.
public struct ParameterErrors: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "; ")
    }
}
