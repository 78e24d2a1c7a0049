import KickoffModel

/// `/ui/compare?run=…&run=…`: two or more runs side by side — a column per run (with links to its
/// page and its logs), a row per parameter and output. A row whose values are not all the same is
/// marked in words ("differs") as well as by its background, and the page counts them.
struct ComparePage {
    var session: DashboardSession
    var records: [RunRecord]
    /// The outputs the runs' pipelines name under `display:`, in that order, compared first.
    var displayOutputs: [String]
    var now: Int64

    struct Row {
        var label: String
        var values: [String]
        var differs: Bool { Set(values).count > 1 }
    }

    func render() -> HTML {
        let groups: [(String, [Row])] = [("Run", runRows), ("Parameters", parameterRows), ("Outputs", outputRows)]
        let differing = groups.flatMap(\.1).filter(\.differs).count
        let total = groups.flatMap(\.1).count
        let headers: [HTML] = records.map { record in
            """
            <th scope="col"><a href="/ui/runs/\(record.id)"><code>\(record.id)</code></a><br>\
            <a href="/ui/runs/\(record.id)#logs">logs</a></th>
            """
        }
        let bodies: [HTML] = groups.map { title, rows in
            let body: [HTML] = rows.isEmpty
                ? ["<tr><td colspan=\"\(records.count + 1)\" class=\"empty\">none</td></tr>"]
                : rows.map(row)
            return "<tbody><tr class=\"group\"><th scope=\"rowgroup\" colspan=\"\(records.count + 1)\">\(title)</th></tr>\(body)</tbody>"
        }
        return DashboardLayout.page(title: "Compare runs", section: .runs, session: session, """
        <h1>Compare \(records.count) runs</h1>
        <p class="compare-summary" data-differing="\(differing)">\(differing) of \(total) values differ; \
        rows marked <span class="differs-mark">≠ differs</span> are not the same in every run.</p>
        <div class="table-frame" tabindex="0"><table class="compare">
        <thead><tr><th scope="col">Field</th>\(headers)</tr></thead>
        \(bodies)
        </table></div>
        <p><a href="/ui/runs">Back to the runs</a></p>
        """)
    }

    private func row(_ row: Row) -> HTML {
        let mark: HTML = row.differs ? " <span class=\"differs-mark\">≠ differs</span>" : .empty
        let cells: [HTML] = row.values.map { "<td><code>\($0)</code></td>" }
        return "<tr\(row.differs ? " class=\"differs\" data-differs=\"1\"" as HTML : .empty)><th scope=\"row\">\(row.label)\(mark)</th>\(cells)</tr>"
    }

    private var runRows: [Row] {
        [
            Row(label: "pipeline", values: records.map(\.pipeline)),
            Row(label: "status", values: records.map(\.status.rawValue)),
            Row(label: "created (UTC)", values: records.map { Formatting.time($0.createdAt) }),
            Row(label: "duration", values: records.map { Formatting.duration(from: $0.startedAt, to: $0.finishedAt, now: now) }),
            Row(label: "tags", values: records.map { $0.tags.isEmpty ? "–" : $0.tags.joined(separator: ", ") }),
        ]
    }

    /// `step.parameter`, in the first run's step order, then any other run's.
    private var parameterRows: [Row] {
        var keys: [(step: String, name: String)] = []
        for record in records {
            for step in record.steps.map(\.name) {
                for name in (record.parameters[step] ?? [:]).keys.sorted() where !keys.contains(where: { $0.step == step && $0.name == name }) {
                    keys.append((step, name))
                }
            }
        }
        return keys.map { key in
            Row(label: "\(key.step).\(key.name)", values: records.map { Formatting.value($0.parameters[key.step]?[key.name]) })
        }
    }

    /// The displayed outputs first, then every other top-level field any run has; outputs that are
    /// not an object are one row.
    private var outputRows: [Row] {
        var names = displayOutputs
        for record in records {
            if case .object(let fields)? = record.outputs {
                names += fields.keys.sorted().filter { !names.contains($0) }
            }
        }
        var rows = names.map { name in
            Row(label: name, values: records.map { record in RunSort.output(name, of: record).map { Formatting.value($0) } ?? "–" })
        }
        let notAnObject = records.contains { record in
            switch record.outputs {
            case .object(_)?, .null?, nil: false
            default: true
            }
        }
        if notAnObject {
            rows.append(Row(label: "outputs", values: records.map { $0.outputs.map { $0.jsonString() } ?? "–" }))
        }
        return rows
    }
}
