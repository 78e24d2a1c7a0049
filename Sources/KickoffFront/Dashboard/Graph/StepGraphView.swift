import KickoffModel

/// A pipeline's steps and their `after` edges as inline SVG (no script: it reads without
/// JavaScript, and the run page's live updates replace it with the rest of `<main>`). On a run
/// page each node also says its step's status in words, not by colour only; every node is a
/// labelled image (`role="img"`) inside a labelled group, so a screen reader reads each step with
/// its status and the steps it runs after. SVG attributes only: the page's CSP allows no inline style.
struct StepGraphView {
    var layout: StepGraphLayout
    /// Step name → status, on a run page; empty on a pipeline page.
    var statuses: [String: StepState.Status] = [:]
    /// Names the graph for assistive technology ("Steps of training_pipeline").
    var label: String
    /// `pipeline` or `run`: which page drew it (the checks look for it).
    var kind: String
    /// Makes the arrow marker's id unique on a page with several graphs (pipeline names and run
    /// ids are safe in an id).
    var identifier: String

    init(pipeline: Pipeline) {
        layout = StepGraphLayout(steps: pipeline.steps.map { ($0.name, $0.after) }, nodeHeight: 36)
        label = "Steps of \(pipeline.name) in the order they run"
        kind = "pipeline"
        identifier = "dag-arrow-" + pipeline.name
    }

    /// A run's steps as the run lists them, with the `after` edges of its pipeline as the front's
    /// file has it (none for a pipeline the file no longer has).
    init(record: RunRecord, pipeline: Pipeline?) {
        let after = Dictionary((pipeline?.steps ?? []).map { ($0.name, $0.after) }, uniquingKeysWith: { first, _ in first })
        layout = StepGraphLayout(steps: record.steps.map { ($0.name, after[$0.name] ?? []) })
        statuses = Dictionary(record.steps.map { ($0.name, $0.status) }, uniquingKeysWith: { first, _ in first })
        label = "Steps of run \(record.id) with their status"
        kind = "run"
        identifier = "dag-arrow-" + record.id
    }

    func render() -> HTML {
        guard !layout.nodes.isEmpty else { return "<p class=\"empty\">No steps.</p>" }
        let edges: [HTML] = layout.edges.compactMap(edge)
        let nodes: [HTML] = layout.nodes.map(node)
        return """
        <div class="dag-frame" tabindex="0"><svg class="dag" data-graph="\(kind)" viewBox="0 0 \(layout.width) \(layout.height)" \
        width="\(layout.width)" height="\(layout.height)" role="group" aria-label="\(label)">\
        <defs><marker id="\(identifier)" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" \
        orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/></marker></defs>\
        <g class="edges" aria-hidden="true">\(edges)</g>\(nodes)</svg></div>
        """
    }

    /// A curve from the middle of the right side of `from` to the middle of the left side of `to`.
    private func edge(_ edge: StepGraphLayout.Edge) -> HTML? {
        guard let from = layout.node(named: edge.from), let to = layout.node(named: edge.to) else { return nil }
        let (x1, y1) = (from.x + layout.nodeWidth, from.y + layout.nodeHeight / 2)
        let (x2, y2) = (to.x - 2, to.y + layout.nodeHeight / 2)
        let path: HTML
        if let lane = edge.detour {
            // Down into the lane within the first gap, along it, and up within the last gap.
            let turn = StepGraphLayout.columnGap / 4
            path = "M\(x1),\(y1) C\(x1 + turn),\(y1) \(x1 + turn),\(lane) \(x1 + 2 * turn),\(lane) L\(x2 - 2 * turn),\(lane) C\(x2 - turn),\(lane) \(x2 - turn),\(y2) \(x2),\(y2)"
        } else {
            let bend = (x2 - x1) / 2
            path = "M\(x1),\(y1) C\(x1 + bend),\(y1) \(x2 - bend),\(y2) \(x2),\(y2)"
        }
        return """
        <path class="edge" data-from="\(edge.from)" data-to="\(edge.to)" d="\(path)" marker-end="url(#\(identifier))"/>
        """
    }

    private func node(_ node: StepGraphLayout.Node) -> HTML {
        let status = statuses[node.name]
        let after = node.after.isEmpty ? "runs first" : "runs after " + node.after.joined(separator: ", ")
        let spoken = [node.name, status.map { "status " + $0.rawValue }, after].compactMap { $0 }.joined(separator: ", ")
        let statusClass = status?.rawValue ?? "step"
        let centre = node.x + layout.nodeWidth / 2
        let nameLine = status == nil ? node.y + layout.nodeHeight / 2 + 5 : node.y + 19
        let statusText: HTML = status.map { status in
            "<text class=\"status\" x=\"\(centre)\" y=\"\(node.y + 36)\" text-anchor=\"middle\">\(Self.symbol(status)) \(status.rawValue)</text>"
        } ?? .empty
        return """
        <g class="node \(statusClass)" data-step="\(node.name)" data-status="\(status?.rawValue ?? "")" role="img" aria-label="\(spoken)">\
        <title>\(spoken)</title>\
        <rect x="\(node.x)" y="\(node.y)" width="\(layout.nodeWidth)" height="\(layout.nodeHeight)" rx="6"/>\
        <text class="name" x="\(centre)" y="\(nameLine)" text-anchor="middle">\(shortened(node.name))</text>\(statusText)</g>
        """
    }

    private func shortened(_ name: String) -> String {
        name.count <= layout.labelCharacters ? name : String(name.prefix(layout.labelCharacters - 1)) + "…"
    }

    /// A shape beside the word, so that a status reads without colour and at a glance.
    static func symbol(_ status: StepState.Status) -> String {
        switch status {
        case .pending: "○"
        case .running: "▶"
        case .succeeded: "✓"
        case .failed: "✗"
        case .skipped: "–"
        case .canceled: "■"
        }
    }
}
