import Yams

extension PipelineFileParser {
    /// `presets`: preset name → step → parameter → value, each value checked against the step's
    /// declaration. Steps or parameters that exist but failed to build are skipped without a second
    /// report (their own problem is already reported).
    mutating func parsePresets(
        _ node: Node, of pipeline: Pipeline, steps parsed: ParsedSteps, _ what: String
    ) -> [String: [String: [String: JSONValue]]] {
        var presets: [String: [String: [String: JSONValue]]] = [:]
        for presetEntry in entries(of: node, "\(what): presets") ?? [] {
            guard checkName(presetEntry.key, "preset", at: presetEntry.keyNode) else { continue }
            let presetWhat = "preset '\(presetEntry.key)'"
            var preset: [String: [String: JSONValue]] = [:]
            for stepEntry in entries(of: presetEntry.value, presetWhat) ?? [] {
                guard let step = pipeline.step(named: stepEntry.key) else {
                    if !parsed.allNames.contains(stepEntry.key) {
                        let hint = KeySuggestion.closest(to: stepEntry.key, among: Array(parsed.allNames)).map { " (did you mean '\($0)'?)" } ?? ""
                        report("\(presetWhat): '\(stepEntry.key)' is not a step of this pipeline\(hint)", at: stepEntry.keyNode)
                    }
                    continue
                }
                preset[step.name] = presetValues(stepEntry.value, for: step, declared: parsed.declaredParameters[step.name] ?? [], "\(presetWhat), step '\(step.name)'")
            }
            presets[presetEntry.key] = preset
        }
        return presets
    }

    private mutating func presetValues(
        _ node: Node, for step: Step, declared: Set<String>, _ what: String
    ) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for entry in entries(of: node, what) ?? [] {
            guard let spec = step.parameter(named: entry.key) else {
                if !declared.contains(entry.key) {
                    let hint = KeySuggestion.closest(to: entry.key, among: Array(declared)).map { " (did you mean '\($0)'?)" } ?? ""
                    report("\(what): the step has no parameter '\(entry.key)'\(hint)", at: entry.keyNode)
                }
                continue
            }
            if let value = checkedValue(entry.value, type: spec.type, allowed: spec.allowed, "\(what), parameter '\(spec.name)'") {
                values[spec.name] = value
            }
        }
        return values
    }
}
