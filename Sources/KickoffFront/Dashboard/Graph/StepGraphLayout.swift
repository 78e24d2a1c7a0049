/// Where each step of a pipeline goes in its drawn graph: a layered layout, left to right. A
/// step's layer (column) is the longest chain of `after` steps before it, so every edge points
/// right; steps of one layer (parallel branches) are stacked in one column, ordered by where their
/// `after` steps sit (the barycentre, ties in run order) so that edges cross little, and each column
/// is centred on the tallest. An edge that skips columns runs in a lane below the nodes it passes.
/// Integer coordinates: the SVG is written as text.
struct StepGraphLayout: Sendable, Equatable {
    struct Node: Sendable, Equatable {
        var name: String
        var after: [String]
        var layer: Int
        var row: Int
        var x: Int
        var y: Int
    }

    struct Edge: Sendable, Equatable {
        var from: String
        var to: String
        /// For an edge that skips columns: the height of the lane below the columns it passes, so
        /// that it does not run through their nodes (each such edge a lane of its own).
        var detour: Int? = nil
    }

    var nodes: [Node]
    var edges: [Edge]
    var nodeWidth: Int
    var nodeHeight: Int
    var width: Int
    var height: Int

    static let margin = 12
    static let columnGap = 56
    static let rowGap = 18
    /// Between the lanes of edges that skip columns.
    static let laneGap = 8
    /// About the advance of one character of the 13 px label font.
    static let characterWidth = 8
    static let minimumNodeWidth = 132
    static let maximumNodeWidth = 280

    /// `steps` in run order, each with the names it runs after; names that are not steps, and
    /// `after` names that would close a cycle, are left out of the edges.
    init(steps: [(name: String, after: [String])], nodeHeight: Int = 46) {
        let names = steps.map(\.name)
        let position = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // Only edges from an earlier step in run order: the run order is topological, so this
        // drops nothing from a valid pipeline, and a broken one cannot loop the layering.
        let parents: [[String]] = steps.enumerated().map { index, step in
            step.after.filter { (position[$0] ?? index) < index }
        }
        var layers: [Int] = []
        for index in steps.indices {
            let placed = layers
            layers.append(parents[index].compactMap { position[$0].map { placed[$0] + 1 } }.max() ?? 0)
        }
        let layerCount = (layers.max() ?? -1) + 1
        var rows = Array(repeating: 0, count: steps.count)
        var columns: [[Int]] = Array(repeating: [], count: layerCount)
        for layer in 0..<layerCount {
            let members = steps.indices.filter { layers[$0] == layer }
            let barycentre: (Int) -> Double = { index in
                let parentRows = parents[index].compactMap { position[$0] }.map { Double(rows[$0]) }
                return parentRows.isEmpty ? Double(index) : parentRows.reduce(0, +) / Double(parentRows.count)
            }
            let ordered = layer == 0 ? members : members.sorted { left, right in
                let (a, b) = (barycentre(left), barycentre(right))
                return a == b ? left < right : a < b
            }
            for (row, index) in ordered.enumerated() { rows[index] = row }
            columns[layer] = ordered
        }
        let longestName = names.map(\.count).max() ?? 0
        let nodeWidth = min(Self.maximumNodeWidth, max(Self.minimumNodeWidth, longestName * Self.characterWidth + 24))
        let tallest = columns.map(\.count).max() ?? 0
        let columnHeight: (Int) -> Int = { count in count * nodeHeight + max(0, count - 1) * Self.rowGap }
        nodes = steps.enumerated().map { index, step in
            let layer = layers[index]
            let offset = (columnHeight(tallest) - columnHeight(columns[layer].count)) / 2
            return Node(name: step.name, after: parents[index], layer: layer, row: rows[index],
                        x: Self.margin + layer * (nodeWidth + Self.columnGap),
                        y: Self.margin + offset + rows[index] * (nodeHeight + Self.rowGap))
        }
        let placed = nodes
        let bottom: (Int) -> Int = { layer in
            placed.filter { $0.layer == layer }.map { $0.y + nodeHeight }.max() ?? Self.margin
        }
        var lanes = 0
        edges = steps.indices.flatMap { index in
            parents[index].map { parent in
                var edge = Edge(from: parent, to: steps[index].name)
                let (start, end) = (position[parent].map { layers[$0] } ?? 0, layers[index])
                if end - start > 1 {
                    let passed = ((start + 1)..<end).map(bottom).max() ?? Self.margin
                    edge.detour = passed + Self.rowGap / 2 + lanes * Self.laneGap
                    lanes += 1
                }
                return edge
            }
        }
        self.nodeWidth = nodeWidth
        self.nodeHeight = nodeHeight
        width = 2 * Self.margin + layerCount * nodeWidth + max(0, layerCount - 1) * Self.columnGap
        height = max(2 * Self.margin + columnHeight(tallest), (edges.compactMap(\.detour).max() ?? 0) + Self.margin)
    }

    func node(named name: String) -> Node? {
        nodes.first { $0.name == name }
    }

    /// The most characters of a name that fit in a node; longer names are cut with an ellipsis
    /// (the full name stays in the node's title and accessible name).
    var labelCharacters: Int {
        max(4, (nodeWidth - 20) / Self.characterWidth)
    }
}
