/// A parameter a step declares: its type, default, allowed values and whether a value is required.
public struct ParameterSpec: Sendable, Hashable {
    public var name: String
    public var type: ParameterType
    /// Already checked against `type` and `allowed`.
    public var defaultValue: JSONValue?
    /// The `enum` of the file: when present, a value must be one of these.
    public var allowed: [JSONValue]?
    /// A trigger must supply a value. In the file it defaults to "required iff there is no default".
    public var required: Bool
    public var description: String?

    public init(
        name: String,
        type: ParameterType,
        defaultValue: JSONValue? = nil,
        allowed: [JSONValue]? = nil,
        required: Bool? = nil,
        description: String? = nil
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.allowed = allowed
        self.required = required ?? (defaultValue == nil)
        self.description = description
    }
}
