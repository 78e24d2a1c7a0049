extension ParameterSpec {
    /// A problem with a value, as the message of a `FieldError`.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// `value` as this parameter takes it (integral numbers become integers for an integer
    /// parameter), or why it is not acceptable. Null is accepted only by an optional parameter.
    public func check(_ value: JSONValue) -> Result<JSONValue, Problem> {
        if value == .null {
            return required
                ? .failure(Problem(description: "required, so it cannot be null"))
                : .success(.null)
        }
        guard let accepted = type.accept(value) else {
            return .failure(Problem(description: "expected \(type.rawValue), got \(value.typeName)"))
        }
        if let allowed, !allowed.containsParameterValue(accepted) {
            return .failure(Problem(description: "\(accepted.preview) is not one of the allowed values \(allowed.previewList)"))
        }
        return .success(accepted)
    }
}
