/// The `after` relation between a pipeline's steps: the order to run them in, and the cycles that
/// make an order impossible. Names in `after` that are not steps are ignored here (the loader
/// reports them separately).
struct StepGraph {
    /// The steps in file order.
    let steps: [Step]

    /// The steps with each one after every step it waits for; among steps ready at the same time,
    /// file order wins, so a file that is already in order keeps it. Nil when there is a cycle.
    func topologicalOrder() -> [Step]? {
        let names = Set(steps.map(\.name))
        var placed: Set<String> = []
        var remaining = steps
        var ordered: [Step] = []
        while let index = remaining.firstIndex(where: { step in
            step.after.allSatisfy { placed.contains($0) || !names.contains($0) }
        }) {
            let step = remaining.remove(at: index)
            placed.insert(step.name)
            ordered.append(step)
        }
        return remaining.isEmpty ? ordered : nil
    }

    /// Dependency cycles, each as step names where every step runs after the next one and the last
    /// after the first, starting from the cycle's earliest step in the file. At least one cycle per
    /// tangle of steps that cannot be ordered; a cycle is never reported twice.
    func cycles() -> [[String]] {
        let position = Dictionary(steps.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let stepsByName = Dictionary(steps.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var finished: Set<String> = []
        var found: [[String]] = []

        // Depth-first search along `after`; meeting a step that is still on the path closes a cycle.
        func visit(_ name: String, path: inout [String]) {
            if let start = path.firstIndex(of: name) {
                let cycle = Array(path[start...])
                let first = cycle.indices.min { position[cycle[$0], default: 0] < position[cycle[$1], default: 0] } ?? 0
                let rotated = Array(cycle[first...] + cycle[..<first])
                if !found.contains(rotated) { found.append(rotated) }
                return
            }
            guard !finished.contains(name), let step = stepsByName[name] else { return }
            path.append(name)
            for dependency in step.after { visit(dependency, path: &path) }
            path.removeLast()
            finished.insert(name)
        }

        for step in steps {
            var path: [String] = []
            visit(step.name, path: &path)
        }
        return found
    }
}
