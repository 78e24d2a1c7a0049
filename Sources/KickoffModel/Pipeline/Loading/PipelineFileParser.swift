import Yams

/// Turns the composed YAML of one pipeline file into the model. It reports every problem it meets
/// and carries on with what it can still read, so that one load lists all of a file's problems.
/// One parser per load; `PipelineFileLoader` is the public entry point.
struct PipelineFileParser {
    /// The file as named in diagnostics.
    let file: String
    /// The file's directory, absolute: relative working directories are resolved against it.
    let directory: String
    private(set) var diagnostics: [PipelineDiagnostic] = []
    /// Schedule names seen so far: they must be unique across the file (they key the schedule's state).
    var scheduleNames: Set<String> = []
    /// The file's `sources:`, read after its pipelines (routes name them).
    var sources: [HookSource] = []

    init(file: String, directory: String) {
        self.file = file
        self.directory = directory
    }

    mutating func report(_ message: String, at node: Node?) {
        report(message, at: node?.mark)
    }

    mutating func report(_ message: String, at mark: Mark?) {
        // Every composed node has a mark; line 1 is only a fallback for a node built by hand.
        diagnostics.append(PipelineDiagnostic(file: file, line: mark?.line ?? 1, column: mark?.column, message: message))
    }

    /// The pipelines of the file's root node (`pipelines:` mapping), in file order.
    mutating func parseFile(_ root: Node) -> [Pipeline] {
        guard let top = entries(of: root, "the file", allowedKeys: ["pipelines", "sources"]) else { return [] }
        guard let pipelinesEntry = top.first(where: { $0.key == "pipelines" }) else {
            report("the file needs a top-level 'pipelines' mapping", at: root)
            return []
        }
        guard let entries = entries(of: pipelinesEntry.value, "'pipelines'") else { return [] }
        if entries.isEmpty {
            report("'pipelines' defines no pipeline", at: pipelinesEntry.keyNode)
        }
        let pipelines: [Pipeline] = entries.compactMap { entry -> Pipeline? in
            guard checkName(entry.key, "pipeline", at: entry.keyNode) else { return nil }
            return parsePipeline(named: entry.key, entry.value, keyNode: entry.keyNode)
        }
        if let sourcesNode = top["sources"] {
            sources = parseSources(sourcesNode, pipelines: pipelines, declared: Set(entries.map(\.key)))
        }
        return pipelines
    }
}
