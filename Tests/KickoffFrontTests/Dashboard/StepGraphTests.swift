import Foundation
@testable import KickoffFront
@testable import KickoffModel
import Testing

/// The layered layout of a pipeline's graph and its SVG.
@Suite struct StepGraphTests {
    private typealias Layout = StepGraphLayout

    private func layout(_ steps: [(String, [String])]) -> Layout {
        Layout(steps: steps.map { (name: $0.0, after: $0.1) })
    }

    /// No two nodes' boxes overlap, and every edge goes from a column to a later one.
    private func expectReadable(_ layout: Layout, sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, a) in layout.nodes.enumerated() {
            #expect(a.x >= 0 && a.y >= 0 && a.x + layout.nodeWidth <= layout.width && a.y + layout.nodeHeight <= layout.height,
                    "\(a.name) is outside the drawing", sourceLocation: sourceLocation)
            for b in layout.nodes[(index + 1)...] {
                let apart = a.x + layout.nodeWidth <= b.x || b.x + layout.nodeWidth <= a.x
                    || a.y + layout.nodeHeight <= b.y || b.y + layout.nodeHeight <= a.y
                #expect(apart, "\(a.name) and \(b.name) overlap", sourceLocation: sourceLocation)
            }
        }
        for edge in layout.edges {
            let from = layout.node(named: edge.from), to = layout.node(named: edge.to)
            let (start, end) = (from?.layer ?? 0, to?.layer ?? 0)
            #expect(start < end, "\(edge) does not point right", sourceLocation: sourceLocation)
            // An edge between neighbouring columns stays in the gap between them; one that skips
            // columns runs in a lane below every node of the columns it passes, inside the drawing.
            let passed = layout.nodes.filter { $0.layer > start && $0.layer < end }
            if passed.isEmpty {
                #expect(edge.detour == nil, "\(edge)", sourceLocation: sourceLocation)
            } else {
                let lane = edge.detour ?? 0
                #expect(passed.allSatisfy { $0.y + layout.nodeHeight < lane } && lane < layout.height, "\(edge) runs through a node",
                        sourceLocation: sourceLocation)
            }
        }
    }

    private func repositoryFile(_ path: String) -> String {
        // This file is Tests/KickoffFrontTests/Dashboard/…: the repository is four levels up.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(path).path
    }

    @Test func theTrainingExampleIsAChainWithAShortcut() throws {
        let file = try PipelineFileLoader.load(path: repositoryFile("examples/training/pipelines.yaml"))
        let pipeline = try #require(file.pipelines.first)
        let graph = Layout(steps: pipeline.steps.map { ($0.name, $0.after) })
        #expect(graph.nodes.map(\.layer) == [0, 1, 2, 3])
        #expect(graph.nodes.map(\.row) == [0, 0, 0, 0])
        // evaluate runs after preprocess and train_model: two edges into it, one skipping a column.
        #expect(graph.edges.filter { $0.to == "evaluate" }.map(\.from).sorted() == ["preprocess", "train_model"])
        #expect(graph.edges.count == 4)
        // The edge that skips train_model's column goes below it, not through it.
        let skip = try #require(graph.edges.first { $0.from == "preprocess" && $0.to == "evaluate" })
        #expect(skip.detour.map { $0 > graph.nodes[2].y + graph.nodeHeight } == true)
        #expect(graph.edges.filter { $0.detour != nil }.count == 1)
        expectReadable(graph)
    }

    @Test func everyExamplePipelineIsDrawnWithoutOverlaps() throws {
        for path in ["examples/training/pipelines.yaml", "examples/zenml/pipelines.yaml"] {
            let file = try PipelineFileLoader.load(path: repositoryFile(path))
            for pipeline in file.pipelines {
                let graph = Layout(steps: pipeline.steps.map { ($0.name, $0.after) })
                #expect(graph.nodes.count == pipeline.steps.count)
                #expect(graph.edges.count == pipeline.steps.map(\.after.count).reduce(0, +))
                expectReadable(graph)
            }
        }
    }

    @Test func parallelBranchesShareAColumnSideBySide() {
        let graph = layout([("fetch", []), ("train_a", ["fetch"]), ("train_b", ["fetch"]), ("train_c", ["fetch"]),
                            ("pick", ["train_a", "train_b", "train_c"]), ("report", [])])
        let byName = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.name, $0) })
        #expect(byName["fetch"]?.layer == 0 && byName["report"]?.layer == 0)
        #expect(["train_a", "train_b", "train_c"].map { byName[$0]?.layer } == [1, 1, 1])
        #expect(["train_a", "train_b", "train_c"].map { byName[$0]?.row } == [0, 1, 2])
        #expect(Set(["train_a", "train_b", "train_c"].compactMap { byName[$0]?.x }).count == 1, "one column")
        #expect(byName["pick"]?.layer == 2)
        // The single node of a column is centred on the tallest column.
        let branches = ["train_a", "train_c"].compactMap { byName[$0]?.y }
        #expect(byName["pick"].map { $0.y + graph.nodeHeight / 2 } == (branches[0] + branches[1] + graph.nodeHeight) / 2)
        expectReadable(graph)
    }

    @Test func aStepsColumnIsItsLongestChainAndRowsFollowTheirParents() {
        // b2 follows the lower branch (b), a2 the upper one (a): rows keep the branches apart.
        let graph = layout([("root", []), ("a", ["root"]), ("b", ["root"]), ("b2", ["b"]), ("a2", ["a"]), ("end", ["root", "a2", "b2"])])
        let byName = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.name, $0) })
        #expect(byName["end"]?.layer == 3, "the longest chain, not the shortest edge")
        #expect(byName["a2"]?.row == 0 && byName["b2"]?.row == 1)
        expectReadable(graph)
    }

    @Test func edgesToUnknownOrLaterStepsAreLeftOut() {
        let graph = layout([("a", ["ghost", "b"]), ("b", ["a"])])
        #expect(graph.edges == [.init(from: "a", to: "b")])
        #expect(graph.nodes.map(\.layer) == [0, 1])
    }

    @Test func longNamesWidenTheNodesUpToALimitAndAreCut() {
        let long = String(repeating: "x", count: 64)
        let graph = layout([(long, [])])
        #expect(graph.nodeWidth == StepGraphLayout.maximumNodeWidth)
        let pipeline = Pipeline(name: "p", workingDirectory: "/", steps: [Step(name: long, run: [.literal("true")])])
        let svg = StepGraphView(pipeline: pipeline).render().description
        #expect(svg.contains("…</text>"))
        #expect(svg.contains(#"aria-label="\#(long), runs first""#), "the full name stays in the accessible name")
    }

    @Test func thePipelineGraphHasANodePerStepAndAnEdgePerAfter() {
        let steps = [Step(name: "load", run: [.literal("true")]), Step(name: "left", run: [.literal("true")], after: ["load"]),
                     Step(name: "right", run: [.literal("true")], after: ["load"]),
                     Step(name: "join", run: [.literal("true")], after: ["left", "right"])]
        let svg = StepGraphView(pipeline: Pipeline(name: "branchy", workingDirectory: "/", steps: steps)).render().description
        #expect(svg.components(separatedBy: "<g class=\"node ").count - 1 == 4)
        #expect(svg.components(separatedBy: "<path class=\"edge\"").count - 1 == 4)
        #expect(svg.contains(#"data-graph="pipeline""#))
        #expect(svg.contains(#"role="group" aria-label="Steps of branchy in the order they run""#))
        #expect(svg.contains(#"data-step="join" data-status="" role="img" aria-label="join, runs after left, right""#))
        #expect(svg.contains(#"<path class="edge" data-from="left" data-to="join""#))
        #expect(svg.contains(#"marker-end="url(#dag-arrow-branchy)""#))
        #expect(!svg.contains("style="), "the CSP allows no inline style")
        let skipping = StepGraphView(pipeline: Pipeline(name: "skip", workingDirectory: "/", steps: [
            Step(name: "a", run: [.literal("true")]), Step(name: "b", run: [.literal("true")], after: ["a"]),
            Step(name: "c", run: [.literal("true")], after: ["a", "b"]),
        ])).render().description
        // a → c skips b's column: down into the lane, along it (L), and up again.
        let skipPath = skipping.components(separatedBy: #"data-from="a" data-to="c" d=""#).last?.prefix { $0 != "\"" } ?? ""
        #expect(skipPath.hasPrefix("M") && skipPath.components(separatedBy: " L").count == 2, "\(skipPath)")
        let direct = skipping.components(separatedBy: #"data-from="a" data-to="b" d=""#).last?.prefix { $0 != "\"" } ?? ""
        #expect(direct.hasPrefix("M") && !direct.contains("L"), "\(direct)")
    }

    @Test func theRunGraphSaysEachStatusInWords() {
        let steps = [Step(name: "a", run: [.literal("true")]), Step(name: "b", run: [.literal("true")], after: ["a"]),
                     Step(name: "c", run: [.literal("true")], after: ["a"])]
        let pipeline = Pipeline(name: "p", workingDirectory: "/", steps: steps)
        var record = RunRecord.sample(pipeline: "p", steps: [StepState(name: "a", status: .succeeded), StepState(name: "b", status: .running),
                                                           StepState(name: "c", status: .failed)])
        let svg = StepGraphView(record: record, pipeline: pipeline).render().description
        #expect(svg.contains(#"<g class="node succeeded" data-step="a" data-status="succeeded" role="img" aria-label="a, status succeeded, runs first">"#))
        #expect(svg.contains(#"aria-label="b, status running, runs after a""#))
        #expect(svg.contains("✓ succeeded</text>") && svg.contains("▶ running</text>") && svg.contains("✗ failed</text>"))
        #expect(svg.contains(#"data-graph="run""#))
        // A pipeline the file no longer has: the steps still show, without edges.
        record.pipeline = "gone"
        let orphan = StepGraphView(record: record, pipeline: nil).render().description
        #expect(orphan.components(separatedBy: "<g class=\"node ").count - 1 == 3)
        #expect(!orphan.contains("<path class=\"edge\""))
    }
}

extension RunRecord {
    /// A stored run as the pages get it, with these steps (and outputs, parameters).
    static func sample(id: String = RunID.make(), pipeline: String, steps: [StepState], outputs: JSONValue? = nil,
                       parameters: [String: [String: JSONValue]] = [:], createdAt: Int64 = 1_700_000_000_000) -> RunRecord {
        var record = RunRecord(id: id, pipeline: pipeline, status: .succeeded, priority: .normal, parameters: parameters, steps: steps,
                               maxAttempts: 1, createdAt: createdAt, notBefore: nil, tags: [], callbackURL: nil)
        record.outputs = outputs
        return record
    }
}
