/// The type a parameter declares; the raw values are the words of the file's `type:` field.
public enum ParameterType: String, Sendable, Hashable, CaseIterable, Codable {
    case string
    case integer
    case number
    case boolean
    case object
    case array
}

extension ParameterType {
    /// `value` as this type accepts it, or nil when it is of another type.
    ///
    /// An integer is a number, and a number with an integral value (`3.0`) is an integer: JSON
    /// does not tell them apart, so clients cannot be expected to either. Integral numbers given
    /// for an integer become `.integer`, so that argv shows `3`, not `3.0`.
    public func accept(_ value: JSONValue) -> JSONValue? {
        switch (self, value) {
        case (.string, .string), (.integer, .integer), (.number, .number), (.number, .integer),
             (.boolean, .bool), (.object, .object), (.array, .array):
            return value
        case (.integer, .number(let number)):
            return Int64(exactly: number).map(JSONValue.integer)
        default:
            return nil
        }
    }
}
