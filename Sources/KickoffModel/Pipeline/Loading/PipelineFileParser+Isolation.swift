import Yams

extension PipelineFileParser {
    /// `isolation: none|sandbox`, or nil (reported).
    mutating func isolation(_ node: Node, _ what: String) -> StepIsolation? {
        guard let word = text(node, what) else { return nil }
        guard let isolation = StepIsolation(rawValue: word) else {
            let known = StepIsolation.allCases.map(\.rawValue).joined(separator: ", ")
            report("\(what) must be one of \(known), not '\(word)'", at: node)
            return nil
        }
        return isolation
    }

    /// `network: false` is kept only inside a sandbox: without one it would be a promise not kept.
    mutating func checkConfinement(of pipeline: Pipeline, networkNode: Node?, stepsNode: Node, _ what: String) {
        for step in pipeline.steps {
            let confinement = pipeline.confinement(of: step)
            guard !confinement.network, confinement.isolation != .sandbox else { continue }
            let node = step.network == false ? stepsNode.mapping?[step.name]?.mapping?["network"] : networkNode
            report("\(what): step '\(step.name)' has network: false without isolation: sandbox, which alone keeps a step off the network",
                   at: node ?? stepsNode)
        }
    }
}
