import Foundation
import KickoffModel

/// A trigger body, checked field by field so that a 422 lists every bad field with its path:
/// `{"parameters","steps":{step:{"parameters"}},"preset","callback_url","tags","priority","delay_seconds"}`,
/// every field optional; `/trigger` adds `pipeline_name`.
struct TriggerRequest: Sendable {
    var values = TriggerValues()
    var callbackURL: String?
    var tags: [String] = []
    var priority: RunPriority = .normal
    var delay: Duration = .zero
    /// Only in the ZenML-shaped `/trigger` body.
    var pipelineName: String?
    /// Who starts the run when not the caller itself (a retry of another run); never from a body.
    var trigger: RunTrigger?

    static let fields = ["parameters", "steps", "preset", "callback_url", "tags", "priority", "delay_seconds"]
    static let maximumDelaySeconds = 30 * 24 * 3600
    static let maximumTags = 32

    /// Parses the raw body. A body that is not UTF-8 or not JSON is a 400; JSON of the wrong shape
    /// gives the field errors (the caller adds the pipeline's own and answers 422).
    static func parse(_ body: [UInt8], withPipelineName: Bool = false) throws(Problem) -> (TriggerRequest, [FieldError]) {
        let json = try JSONBody.parse(body, emptyAs: .object([:]))
        guard case .object(let object) = json else {
            throw Problem.invalid([FieldError(field: "body", message: "expected a JSON object, got \(json.typeName)")])
        }
        var request = TriggerRequest()
        var errors: [FieldError] = []
        let allowed = withPipelineName ? fields + ["pipeline_name"] : fields
        for key in object.keys.sorted() where !allowed.contains(key) {
            errors.append(FieldError(field: key, message: "unknown field; the fields are \(allowed.joined(separator: ", "))"))
        }
        if withPipelineName {
            switch object["pipeline_name"] {
            case .string(let name)?: request.pipelineName = name
            case nil: errors.append(FieldError(field: "pipeline_name", message: "required: the pipeline to run"))
            case let value?: errors.append(typeError("pipeline_name", "string", value))
            }
        }
        request.values.parameters = parameterObject(object["parameters"], field: "parameters", errors: &errors)
        request.values.steps = steps(object["steps"], errors: &errors)
        switch object["preset"] {
        case nil, .null?: break
        case .string(let preset)?: request.values.preset = preset
        case let value?: errors.append(typeError("preset", "string", value))
        }
        request.callbackURL = callbackURL(object["callback_url"], errors: &errors)
        request.tags = tags(object["tags"], errors: &errors)
        switch object["priority"] {
        case nil, .null?: break
        case .string(let word)? where RunPriority(rawValue: word) != nil: request.priority = RunPriority(rawValue: word) ?? .normal
        case .string(let word)?: errors.append(FieldError(field: "priority", message: "'\(word)' is not one of high, normal, low"))
        case let value?: errors.append(typeError("priority", "string", value))
        }
        request.delay = delay(object["delay_seconds"], errors: &errors)
        return (request, errors)
    }

    static func typeError(_ field: String, _ expected: String, _ value: JSONValue) -> FieldError {
        FieldError(field: field, message: "expected \(expected), got \(value.typeName)")
    }

    static func parameterObject(_ value: JSONValue?, field: String, errors: inout [FieldError]) -> [String: JSONValue] {
        switch value {
        case nil, .null?: return [:]
        case .object(let values)?: return values
        case let value?:
            errors.append(typeError(field, "object", value))
            return [:]
        }
    }

    static func steps(_ value: JSONValue?, errors: inout [FieldError]) -> [String: [String: JSONValue]] {
        var steps: [String: [String: JSONValue]] = [:]
        switch value {
        case nil, .null?: return [:]
        case .object(let entries)?:
            for (step, entry) in entries.sorted(by: { $0.key < $1.key }) {
                guard case .object(let fields) = entry else {
                    errors.append(typeError("steps.\(step)", "object", entry))
                    continue
                }
                for key in fields.keys.sorted() where key != "parameters" {
                    errors.append(FieldError(field: "steps.\(step).\(key)", message: "unknown field; a step entry has only 'parameters'"))
                }
                steps[step] = parameterObject(fields["parameters"], field: "steps.\(step).parameters", errors: &errors)
            }
        case let value?:
            errors.append(typeError("steps", "object", value))
        }
        return steps
    }

    private static func callbackURL(_ value: JSONValue?, errors: inout [FieldError]) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            guard text.utf8.count <= 2048, let url = URLComponents(string: text), ["http", "https"].contains(url.scheme?.lowercased()),
                  let host = url.host, !host.isEmpty else {
                errors.append(FieldError(field: "callback_url", message: "expected an absolute http:// or https:// URL of at most 2048 bytes"))
                return nil
            }
            return text
        case let value?:
            errors.append(typeError("callback_url", "string", value))
            return nil
        }
    }

    private static func tags(_ value: JSONValue?, errors: inout [FieldError]) -> [String] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?:
            if items.count > maximumTags { errors.append(FieldError(field: "tags", message: "at most \(maximumTags) tags")) }
            var tags: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let tag) = item else {
                    errors.append(typeError("tags[\(index)]", "string", item))
                    continue
                }
                guard (1...128).contains(tag.utf8.count) else {
                    errors.append(FieldError(field: "tags[\(index)]", message: "a tag has 1 to 128 bytes"))
                    continue
                }
                tags.append(tag)
            }
            return tags
        case let value?:
            errors.append(typeError("tags", "array of strings", value))
            return []
        }
    }

    private static func delay(_ value: JSONValue?, errors: inout [FieldError]) -> Duration {
        let seconds: Double
        switch value {
        case nil, .null?: return .zero
        case .integer(let whole)?: seconds = Double(whole)
        case .number(let number)?: seconds = number
        case let value?:
            errors.append(typeError("delay_seconds", "number", value))
            return .zero
        }
        guard seconds.isFinite, seconds >= 0, seconds <= Double(maximumDelaySeconds) else {
            errors.append(FieldError(field: "delay_seconds", message: "expected 0 to \(maximumDelaySeconds) seconds"))
            return .zero
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
