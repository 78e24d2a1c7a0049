/// A pipeline as `GET /v1/pipelines` shows it:
/// `{name, description, steps:[{name, after, parameters:{p:{type, default?, enum?, required, description?}}}], presets,
/// display:{outputs}}`.
/// `description` is null when the file has none; steps are in run order.
public struct PipelineDescription: Sendable, Hashable, Encodable {
    public var name: String
    public var description: String?
    public var steps: [StepDescription]
    public var presets: [String: [String: [String: JSONValue]]]
    /// The outputs the pipeline names worth showing (`display: {outputs: [...]}`), `[]` when none.
    public var displayOutputs: [String]

    public init(_ pipeline: Pipeline) {
        name = pipeline.name
        description = pipeline.description
        steps = pipeline.steps.map(StepDescription.init)
        presets = pipeline.presets
        displayOutputs = pipeline.display.outputs
    }

    private enum CodingKeys: String, CodingKey {
        case name, description, steps, presets, display
    }

    private enum DisplayKeys: String, CodingKey {
        case outputs
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)  // null rather than absent
        try container.encode(steps, forKey: .steps)
        try container.encode(presets, forKey: .presets)
        var display = container.nestedContainer(keyedBy: DisplayKeys.self, forKey: .display)
        try display.encode(displayOutputs, forKey: .outputs)
    }
}

extension PipelineDescription {
    public struct StepDescription: Sendable, Hashable, Encodable {
        public var name: String
        public var after: [String]
        public var parameters: [String: ParameterDescription]

        public init(_ step: Step) {
            name = step.name
            after = step.after
            parameters = Dictionary(
                step.parameters.map { ($0.name, ParameterDescription($0)) },
                uniquingKeysWith: { first, _ in first }
            )
        }
    }

    /// `default`, `enum` and `description` are left out when the file does not give them.
    public struct ParameterDescription: Sendable, Hashable, Encodable {
        public var type: ParameterType
        public var `default`: JSONValue?
        public var `enum`: [JSONValue]?
        public var required: Bool
        public var description: String?

        public init(_ spec: ParameterSpec) {
            type = spec.type
            `default` = spec.defaultValue
            `enum` = spec.allowed
            required = spec.required
            description = spec.description
        }
    }
}
