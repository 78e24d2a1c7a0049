/// The parameter values a trigger supplies. In JSON every field is optional:
/// `{"parameters": {p: v}, "steps": {step: {"parameters": {p: v}}}, "preset": "name"}`
/// (the trigger body's other fields are ignored here, so the whole body decodes as this).
public struct TriggerValues: Sendable, Hashable {
    /// For every step that declares the name.
    public var parameters: [String: JSONValue]
    /// step name → parameter name → value, for that step only.
    public var steps: [String: [String: JSONValue]]
    /// The name of one of the pipeline's presets.
    public var preset: String?

    public init(
        parameters: [String: JSONValue] = [:],
        steps: [String: [String: JSONValue]] = [:],
        preset: String? = nil
    ) {
        self.parameters = parameters
        self.steps = steps
        self.preset = preset
    }
}

extension TriggerValues: Codable {
    private enum CodingKeys: String, CodingKey {
        case parameters, steps, preset
    }

    /// One entry of `steps`: the values sit under `parameters`, as in the ZenML trigger API.
    private struct StepValues: Codable {
        var parameters: [String: JSONValue]?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        parameters = try container.decodeIfPresent([String: JSONValue].self, forKey: .parameters) ?? [:]
        let steps = try container.decodeIfPresent([String: StepValues].self, forKey: .steps) ?? [:]
        self.steps = steps.mapValues { $0.parameters ?? [:] }
        preset = try container.decodeIfPresent(String.self, forKey: .preset)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(steps.mapValues { StepValues(parameters: $0) }, forKey: .steps)
        try container.encodeIfPresent(preset, forKey: .preset)
    }
}
