extension JSONValue {
    /// The value as one command-line argument: strings as they are, integers in decimal, numbers as
    /// their shortest JSON text, booleans `true`/`false`, null as the empty string, and arrays and
    /// objects as compact JSON (sorted keys).
    public var argumentText: String {
        switch self {
        case .null: ""
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .string(let value): value
        case .number, .array, .object: jsonString()
        }
    }
}
