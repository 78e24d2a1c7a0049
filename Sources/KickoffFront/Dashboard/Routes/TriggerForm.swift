import Foundation
import KickoffModel

/// The trigger form of the pipelines page, turned into a trigger body: each non-empty
/// `steps.<step>.parameters.<name>` field read as its declared type, `preset`, `tags` (comma
/// separated) and `priority`. The body then goes through the same checks as the API's.
struct TriggerForm: Sendable {
    var pipeline: String
    /// The submitted fields, to show them again when the trigger is refused.
    var values: [String: String]

    static func fieldName(step: String, parameter: String) -> String {
        "steps.\(step).parameters.\(parameter)"
    }

    init(pipeline: String, form: FormFields) {
        self.pipeline = pipeline
        var values: [String: String] = [:]
        for (name, value) in form.pairs where name != CSRFField.name && values[name] == nil { values[name] = value }
        self.values = values
    }

    /// The JSON trigger body, and the fields whose text does not read as their type.
    func body(for pipeline: Pipeline) -> (body: JSONValue, errors: [FieldError]) {
        var errors: [FieldError] = []
        var steps: [String: JSONValue] = [:]
        for step in pipeline.steps {
            var parameters: [String: JSONValue] = [:]
            for spec in step.parameters {
                let name = Self.fieldName(step: step.name, parameter: spec.name)
                guard let text = values[name], !text.isEmpty else { continue }
                switch Self.read(text, as: spec.type) {
                case .some(let value): parameters[spec.name] = value
                case .none: errors.append(FieldError(field: name, message: "'\(text)' is not a \(spec.type.rawValue)"))
                }
            }
            if !parameters.isEmpty { steps[step.name] = .object(["parameters": .object(parameters)]) }
        }
        var body: [String: JSONValue] = ["steps": .object(steps)]
        if let preset = values["preset"], !preset.isEmpty { body["preset"] = .string(preset) }
        if let priority = values["priority"], !priority.isEmpty { body["priority"] = .string(priority) }
        let tags = (values["tags"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !tags.isEmpty { body["tags"] = .array(tags.map { .string($0) }) }
        return (.object(body), errors)
    }

    /// Form text as a JSON value of `type`: strings as typed; numbers, booleans, objects and arrays as JSON.
    static func read(_ text: String, as type: ParameterType) -> JSONValue? {
        if type == .string { return .string(text) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed.utf8)) else { return nil }
        return type.accept(value)
    }
}
