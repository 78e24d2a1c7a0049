import KickoffModel

/// `/ui/sources`: the pipeline file's hook sources — provider, whether the front has the secret,
/// routes, counters by outcome — and each source's recent deliveries with the runs they made.
struct SourcesPage {
    var session: DashboardSession
    var sources: [HookSource]
    var configured: Set<String>
    var counts: [String: [String: Int]]
    var deliveries: [String: [HookDeliveryRecord]]

    func render() -> HTML {
        let sections: [HTML] = sources.map(section)
        let body: HTML = sources.isEmpty ? "<p class=\"empty\">The pipeline file has no <code>sources:</code>.</p>" : HTML(joining: sections)
        return DashboardLayout.page(title: "Sources", section: .sources, session: session, refreshSeconds: 10, """
        <h1>Sources</h1>
        \(body)
        """)
    }

    private func section(_ source: HookSource) -> HTML {
        let outcomes = ["created", "filtered", "duplicate", "invalid_parameters", "unauthorized"]
        let countCells: [HTML] = outcomes.map { "<td class=\"number\">\(counts[source.name]?[$0] ?? 0)</td>" }
        let countHeads: [HTML] = outcomes.map { "<th>\($0)</th>" }
        let routes: [HTML] = source.routes.map { route in
            let when = route.when.map { "\($0.key) = \($0.patterns.map { $0.jsonValue.jsonString() }.joined(separator: " | "))" }.joined(separator: ", ")
            let mapped = route.parameters.map { "\($0.path) ← \($0.pointer.text)" }.joined(separator: ", ")
            return "<tr><td>\(route.pipeline)</td><td><code>\(when.isEmpty ? "(every delivery)" : when)</code></td><td><code>\(mapped)</code></td><td>\(route.preset ?? "–")</td></tr>"
        }
        let secret: HTML = configured.contains(source.name)
            ? "secret from <code>\(source.secretEnv)</code>"
            : "<span class=\"error\"><code>\(source.secretEnv)</code> is not set on the front: deliveries get 503</span>"
        return """
        <h2>\(source.name) <span class="note">(\(source.provider.rawValue))</span></h2>
        <p><code>POST /v1/hooks/\(source.name)</code> · \(secret)</p>
        <table class="routes"><thead><tr><th>Pipeline</th><th>When</th><th>Parameters</th><th>Preset</th></tr></thead><tbody>\(routes)</tbody></table>
        <table class="counts"><thead><tr>\(countHeads)</tr></thead><tbody><tr>\(countCells)</tr></tbody></table>
        \(deliveryTable(deliveries[source.name] ?? []))
        """
    }

    private func deliveryTable(_ deliveries: [HookDeliveryRecord]) -> HTML {
        guard !deliveries.isEmpty else { return "<p class=\"empty\">No delivery yet.</p>" }
        let rows: [HTML] = deliveries.map { delivery in
            let runs: [HTML] = delivery.runs.map { "<a href=\"/ui/runs/\($0)\"><code>\(String($0.prefix(8)))</code></a> " }
            let errors = delivery.errors.map(\.description).joined(separator: "; ")
            return """
            <tr><td>\(Formatting.time(delivery.at))</td><td><code>\(delivery.id)</code></td><td>\(delivery.event ?? "–")</td>\
            <td>\(Formatting.badge(delivery.outcome))</td><td>\(HTML(joining: runs))</td><td class="error">\(errors)</td></tr>
            """
        }
        return """
        <table class="deliveries">
        <thead><tr><th>At (UTC)</th><th>Delivery</th><th>Event</th><th>Outcome</th><th>Runs</th><th>Errors</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        """
    }
}
