/// One route of a source: when a delivery matches `when`, a run of `pipeline` with values taken from
/// the payload. Several routes may fire from one delivery.
public struct HookRoute: Sendable, Hashable {
    public var pipeline: String
    /// Every condition must hold; none: every delivery matches.
    public var when: [HookCondition]
    /// Where each parameter's value is read from the payload.
    public var parameters: [HookParameterMapping]
    public var preset: String?

    public init(pipeline: String, when: [HookCondition] = [], parameters: [HookParameterMapping] = [], preset: String? = nil) {
        self.pipeline = pipeline
        self.when = when
        self.parameters = parameters
        self.preset = preset
    }
}

/// One condition of a route's `when`.
public struct HookCondition: Sendable, Hashable {
    public enum Subject: Sendable, Hashable {
        /// The delivery's event name (`push`, `s3:ObjectCreated:Put`).
        case event
        /// A request header, by name (case-insensitive).
        case header(String)
        /// A value of the payload, by JSON pointer.
        case pointer(JSONPointer)
    }

    public var subject: Subject
    /// Any one of them must match.
    public var patterns: [HookPattern]

    public init(subject: Subject, patterns: [HookPattern]) {
        self.subject = subject
        self.patterns = patterns
    }

    /// The key as written in the file (`event`, `headers.X-Name`, `/ref`): what the API shows.
    public var key: String {
        switch subject {
        case .event: "event"
        case .header(let name): "headers.\(name)"
        case .pointer(let pointer): pointer.text
        }
    }
}

/// A value to compare with: a string with `*`, `?` or `[…]` is a glob over a string value; any other
/// value must equal the payload's (for a string: exactly; for a number or boolean: as JSON values).
public enum HookPattern: Sendable, Hashable {
    case equals(JSONValue)
    case glob(GlobPattern)

    public init(_ value: JSONValue) {
        if case .string(let text) = value, GlobPattern.hasWildcards(text) {
            self = .glob(GlobPattern(text))
        } else {
            self = .equals(value)
        }
    }

    public func matches(_ value: JSONValue) -> Bool {
        switch self {
        case .equals(let expected): expected.isEquivalent(to: value)
        case .glob(let glob):
            if case .string(let text) = value { glob.matches(text) } else { false }
        }
    }

    /// The pattern as the file wrote it.
    public var jsonValue: JSONValue {
        switch self {
        case .equals(let value): value
        case .glob(let glob): .string(glob.text)
        }
    }
}

/// `step.param: /pointer` (that step's parameter) or `param: /pointer` (every step that declares it).
public struct HookParameterMapping: Sendable, Hashable {
    /// nil: the top-level `parameters` of a trigger.
    public var step: String?
    public var parameter: String
    public var pointer: JSONPointer

    public init(step: String?, parameter: String, pointer: JSONPointer) {
        self.step = step
        self.parameter = parameter
        self.pointer = pointer
    }

    /// `step.param` or `param`, as written in the file.
    public var path: String { step.map { "\($0).\(parameter)" } ?? parameter }
}
