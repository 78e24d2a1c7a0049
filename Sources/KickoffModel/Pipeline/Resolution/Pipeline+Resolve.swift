extension Pipeline {
    /// Each step's parameter values for a trigger, or every problem with them.
    ///
    /// A step's value for a parameter is, first found: the trigger's `steps[step][name]`, the
    /// trigger's top-level `parameters[name]`, the preset's value, the declared default. An optional
    /// parameter without a value is null. Values are checked against the declaration: type
    /// (an integer is a number, an integral number an integer) and `enum`.
    public func resolve(_ values: TriggerValues) -> Result<ResolvedParameters, ParameterErrors> {
        var errors: [FieldError] = []

        var preset: [String: [String: JSONValue]] = [:]
        if let name = values.preset {
            if let found = presets[name] {
                preset = found
            } else {
                let known = presets.keys.sorted()
                let list = known.isEmpty ? "this pipeline has no presets" : "known presets: \(known.joined(separator: ", "))"
                errors.append(FieldError(field: "preset", message: "unknown preset '\(name)'; \(list)"))
            }
        }

        for stepName in values.steps.keys.sorted() {
            guard let step = step(named: stepName) else {
                let known = steps.map(\.name).joined(separator: ", ")
                errors.append(FieldError(field: "steps.\(stepName)", message: "unknown step; the steps are \(known)"))
                continue
            }
            for name in (values.steps[stepName] ?? [:]).keys.sorted() where step.parameter(named: name) == nil {
                errors.append(FieldError(field: "steps.\(stepName).parameters.\(name)", message: Self.undeclared(name, by: step)))
            }
        }

        for name in values.parameters.keys.sorted() where !steps.contains(where: { $0.parameter(named: name) != nil }) {
            errors.append(FieldError(field: "parameters.\(name)", message: "no step of this pipeline declares a parameter '\(name)'"))
        }

        var resolved: ResolvedParameters = [:]
        for step in steps {
            var stepValues: [String: JSONValue] = [:]
            for spec in step.parameters {
                let stepField = "steps.\(step.name).parameters.\(spec.name)"
                let candidate: (value: JSONValue, field: String)? =
                    if let value = values.steps[step.name]?[spec.name] { (value, stepField) }
                    else if let value = values.parameters[spec.name] { (value, "parameters.\(spec.name)") }
                    else if let value = preset[step.name]?[spec.name] { (value, "preset") }
                    else if let value = spec.defaultValue { (value, stepField) }
                    else { nil }

                guard let candidate else {
                    if spec.required {
                        errors.append(FieldError(field: stepField, message: "required by step '\(step.name)' and not given"))
                    } else {
                        stepValues[spec.name] = .null
                    }
                    continue
                }
                switch spec.check(candidate.value) {
                case .success(let value):
                    stepValues[spec.name] = value
                case .failure(let problem):
                    // A top-level value goes to several steps: say which one it does not suit.
                    let message = candidate.field.hasPrefix("parameters.") ? "for step '\(step.name)': \(problem)" : problem.description
                    let error = FieldError(field: candidate.field, message: message)
                    if !errors.contains(error) { errors.append(error) }
                }
            }
            resolved[step.name] = stepValues
        }
        return errors.isEmpty ? .success(resolved) : .failure(ParameterErrors(errors))
    }

    private static func undeclared(_ name: String, by step: Step) -> String {
        let declared = step.parameters.map(\.name)
        guard !declared.isEmpty else { return "step '\(step.name)' has no parameters" }
        return "step '\(step.name)' has no parameter '\(name)'; it declares \(declared.joined(separator: ", "))"
    }
}
