extension JSONValue {
    /// Equality as JSON means it: `3` and `3.0` are the same number (JSON has one number type),
    /// everything else compares as `==` does.
    public func isEquivalent(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)):
            return Double(a) == b
        default:
            return self == other
        }
    }
}

extension Array where Element == JSONValue {
    /// Whether `value` is one of these, comparing numbers by value (for `enum` checks).
    func containsParameterValue(_ value: JSONValue) -> Bool {
        contains { $0.isEquivalent(to: value) }
    }
}
