import Foundation
import KickoffModel

/// The `-p name=value` and `-p step.name=value` arguments of `kickoff trigger`, as the trigger body's
/// `parameters` (for every step that declares the name) and `steps.<step>.parameters`.
struct TriggerParameters: Sendable, Hashable {
    var parameters: [String: JSONValue] = [:]
    var steps: [String: [String: JSONValue]] = [:]

    /// Later arguments win over earlier ones for the same name.
    init(arguments: [String]) throws(TriggerParameterError) {
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else { throw TriggerParameterError(argument: argument, reason: "expected name=value") }
            let key = String(argument[..<equals])
            let value = Self.value(String(argument[argument.index(after: equals)...]))
            // Names are letters, digits, '_' and '-', so the first '.' always separates step and parameter.
            let parts = key.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.allSatisfy(NameRules.isValidName) else {
                throw TriggerParameterError(argument: argument, reason: "'\(key)' is not a name or step.name (letters, digits, '_', '-')")
            }
            if parts.count == 2 {
                steps[parts[0], default: [:]][parts[1]] = value
            } else {
                parameters[key] = value
            }
        }
    }

    /// JSON when the text parses as JSON (`5`, `0.1`, `true`, `{"a":1}`, `"quoted"`), else the text
    /// itself as a string (`gradient_boosting`, `s3://bucket/data.csv`).
    static func value(_ text: String) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
    }
}

struct TriggerParameterError: Error, Sendable, CustomStringConvertible {
    var argument: String
    var reason: String

    var description: String { "-p \(argument): \(reason)" }
}
