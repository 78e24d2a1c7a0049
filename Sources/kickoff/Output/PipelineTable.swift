public import KickoffModel
/// What `kickoff pipelines list` prints: per pipeline, its name and description, then a table of its
/// steps in run order with what they wait for and their parameters, one parameter per line.
public enum PipelineTable {
    public static func render(_ file: PipelineFile) -> String {
        guard !file.pipelines.isEmpty else { return "\(file.path): no pipelines\n" }
        return file.pipelines.map(render).joined(separator: "\n")
    }

    static func render(_ pipeline: Pipeline) -> String {
        var text = pipeline.name + (pipeline.description.map { ": \(oneLine($0))" } ?? "") + "\n"
        var table = TextTable(rows: [["STEP", "AFTER", "PARAMETERS"]], indent: "  ")
        for step in pipeline.steps {
            let after = step.after.isEmpty ? "-" : step.after.joined(separator: ", ")
            let parameters = step.parameters.map(describe)
            table.rows.append([step.name, after, parameters.first ?? "-"])
            table.rows += parameters.dropFirst().map { ["", "", $0] }
        }
        text += table.render()
        if !pipeline.presets.isEmpty {
            text += "  presets: \(pipeline.presets.keys.sorted().joined(separator: ", "))\n"
        }
        if !pipeline.schedules.isEmpty {
            text += "  schedules: \(pipeline.schedules.count)\n"
        }
        return text
    }

    /// `model_type: string = "random_forest", one of ["random_forest", "gradient_boosting"]`
    static func describe(_ parameter: ParameterSpec) -> String {
        var text = "\(parameter.name): \(parameter.type.rawValue)"
        if let defaultValue = parameter.defaultValue {
            text += " = \(defaultValue.preview)"
        } else if parameter.required {
            text += " (required)"
        }
        if let allowed = parameter.allowed {
            text += ", one of \(allowed.previewList)"
        }
        return text
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
