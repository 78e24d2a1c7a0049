import KickoffModel

/// `/ui/pipelines`: each pipeline's graph of steps, its parameters and presets, and a form to
/// trigger a run.
/// Parameter fields start empty (the default shows as a placeholder): an empty field is "not
/// given", so a chosen preset's values are not overridden by defaults echoed back.
struct PipelinesPage {
    var session: DashboardSession
    var pipelines: [Pipeline]
    /// After a refused trigger: the pipeline, what was submitted, and the field errors.
    var submitted: TriggerForm?
    var errors: [FieldError] = []
    /// Pipeline → its last hour's runs per minute and step durations (`HistoryCharts`).
    var charts: [String: HTML] = [:]

    func render() -> HTML {
        let sections: [HTML] = pipelines.map(section)
        return DashboardLayout.page(title: "Pipelines", section: .pipelines, session: session, """
        <h1>Pipelines</h1>
        \(HTML(joining: sections))
        """)
    }

    private func section(_ pipeline: Pipeline) -> HTML {
        let description: HTML = pipeline.description.map { "<p>\($0)</p>" } ?? .empty
        return """
        <section class="pipeline" id="pipeline-\(pipeline.name)">
        <h2>\(pipeline.name)</h2>
        \(description)
        <h3>Graph</h3>
        \(StepGraphView(pipeline: pipeline).render())
        <div class="charts">\(charts[pipeline.name] ?? .empty)</div>
        \(parameterTable(pipeline))
        \(presetList(pipeline))
        \(form(pipeline))
        </section>
        """
    }

    private func parameterTable(_ pipeline: Pipeline) -> HTML {
        let rows: [HTML] = pipeline.steps.flatMap { step in
            let after: HTML = step.after.isEmpty ? .empty : " <span class=\"note\">after \(step.after.joined(separator: ", "))</span>"
            guard !step.parameters.isEmpty else {
                return ["<tr><td>\(step.name)\(after)</td><td colspan=\"5\" class=\"empty\">no parameters</td></tr>" as HTML]
            }
            return step.parameters.map { spec in
                let allowed = spec.allowed.map { $0.map(\.argumentText).joined(separator: ", ") } ?? "–"
                return """
                <tr><td>\(step.name)\(after)</td><td><code>\(spec.name)</code></td><td>\(spec.type.rawValue)</td>\
                <td><code>\(Formatting.value(spec.defaultValue))</code></td><td>\(allowed)</td><td>\(spec.required ? "yes" : "no")</td></tr>
                """
            }
        }
        return """
        <table class="parameters">
        <thead><tr><th>Step</th><th>Parameter</th><th>Type</th><th>Default</th><th>Allowed</th><th>Required</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        """
    }

    private func presetList(_ pipeline: Pipeline) -> HTML {
        guard !pipeline.presets.isEmpty else { return .empty }
        let items: [HTML] = pipeline.presets.keys.sorted().map { name in
            "<li><b>\(name)</b>: <code>\(JSONValue.object((pipeline.presets[name] ?? [:]).mapValues { .object($0) }).jsonString())</code></li>"
        }
        return "<h3>Presets</h3><ul class=\"presets\">\(items)</ul>"
    }

    private func form(_ pipeline: Pipeline) -> HTML {
        guard session.allows(.trigger) else {
            return "<p class=\"note\">Triggering needs a key with the <code>trigger</code> scope.</p>"
        }
        let mine = submitted?.pipeline == pipeline.name
        let values = mine ? submitted?.values ?? [:] : [:]
        let fieldErrors = mine ? errors : []
        let summary: HTML = fieldErrors.isEmpty ? .empty : """
            <div class="error" role="alert"><p>The run was not started:</p><ul>\(fieldErrors.map { "<li><code>\($0.field)</code>: \($0.message)</li>" as HTML })</ul></div>
            """
        let presetOptions: [HTML] = ["<option value=\"\">(none)</option>"] + pipeline.presets.keys.sorted().map { name in
            "<option value=\"\(name)\"\(values["preset"] == name ? " selected" as HTML : .empty)>\(name)</option>"
        }
        let presetField: HTML = pipeline.presets.isEmpty ? .empty
            : "<label>Preset <select name=\"preset\">\(presetOptions)</select></label>"
        let inputs: [HTML] = pipeline.steps.flatMap { step in
            step.parameters.map { spec in input(step: step.name, spec: spec, values: values, errors: fieldErrors) }
        }
        let priorities: [HTML] = RunPriority.allCases.map { priority in
            let selected = (values["priority"] ?? "normal") == priority.rawValue
            return "<option\(selected ? " selected" as HTML : .empty)>\(priority.rawValue)</option>"
        }
        return """
        <form class="trigger" method="post" action="/ui/pipelines/\(pipeline.name)/runs">
        <h3>Trigger a run</h3>
        \(summary)
        \(CSRFField.input(session))
        \(presetField)
        \(inputs)
        <label>Tags <input name="tags" value="\(values["tags"] ?? "")" placeholder="comma,separated"></label>
        <label>Priority <select name="priority">\(priorities)</select></label>
        <button type="submit">Trigger run</button>
        </form>
        """
    }

    private func input(step: String, spec: ParameterSpec, values: [String: String], errors: [FieldError]) -> HTML {
        let name = TriggerForm.fieldName(step: step, parameter: spec.name)
        let value = values[name] ?? ""
        let label = "\(step).\(spec.name)"
        let fallback = spec.defaultValue.map { "default: " + Formatting.value($0) } ?? (spec.required ? "required" : "optional")
        let control: HTML
        if let allowed = spec.allowed ?? (spec.type == .boolean ? [.bool(true), .bool(false)] : nil) {
            let options: [HTML] = ["<option value=\"\">(\(fallback))</option>"] + allowed.map { option in
                let text = option.argumentText
                return "<option value=\"\(text)\"\(value == text ? " selected" as HTML : .empty)>\(text)</option>"
            }
            control = "<select name=\"\(name)\">\(options)</select>"
        } else {
            control = "<input name=\"\(name)\" value=\"\(value)\" placeholder=\"\(fallback)\">"
        }
        let problem: HTML = errors.first { $0.field == name }.map { "<span class=\"error\">\($0.message)</span>" } ?? .empty
        return "<label>\(label) <small>\(spec.type.rawValue)</small> \(control)\(problem)</label>"
    }
}
