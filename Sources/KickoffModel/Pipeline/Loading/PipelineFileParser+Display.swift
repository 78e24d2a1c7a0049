import Yams

extension PipelineFileParser {
    static let displayKeys = ["outputs"]

    /// `display: {outputs: [accuracy, model_type]}`; every problem is reported at its line.
    mutating func parseDisplay(_ node: Node, _ pipeline: String) -> DisplaySettings {
        let what = "\(pipeline): display"
        var display = DisplaySettings()
        guard let entries = entries(of: node, what, allowedKeys: Self.displayKeys),
              let outputsNode = entries["outputs"] else { return display }
        guard let items = items(of: outputsNode, "\(what): outputs") else { return display }
        if items.count > DisplaySettings.maximumOutputs {
            report("\(what): outputs names \(items.count) outputs; at most \(DisplaySettings.maximumOutputs) are shown", at: outputsNode)
            return display
        }
        for item in items {
            guard let name = text(item, "\(what): outputs entry") else { continue }
            guard NameRules.isValidName(name) else {
                report("\(what): output name '\(name)' is not valid: use 1 to 64 of A-Z a-z 0-9 _ -", at: item)
                continue
            }
            guard !display.outputs.contains(name) else {
                report("\(what): outputs names '\(name)' twice", at: item)
                continue
            }
            display.outputs.append(name)
        }
        return display
    }
}
