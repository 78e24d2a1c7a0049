import KickoffModel

/// `/ui/runs/{id}`: one run — its state, the graph of its steps coloured and labelled by status, the step timeline, parameters, outputs, each step's logs,
/// webhook deliveries, and cancel / retry for keys with the `trigger` scope. While it runs, the
/// script follows its events (`/ui/runs/{id}/events`), and while a step runs it also fetches the
/// page every two seconds, for that step's log so far (the worker sends it about once a second);
/// without JavaScript the page refreshes itself.
struct RunPage {
    var session: DashboardSession
    var record: RunRecord
    /// The run's pipeline as the front's file has it, for the graph's edges (nil: no longer there).
    var pipeline: Pipeline?
    var logs: [String: String]
    var deliveries: [WebhookAttempt]
    var now: Int64

    func render() -> HTML {
        let running = !record.status.isFinal
        return DashboardLayout.page(title: "Run \(record.id)", section: .runs, session: session, refreshSeconds: running ? 3 : nil, """
        <h1>Run <code>\(record.id)</code></h1>
        <div id="live" data-run-events="/ui/runs/\(record.id)/events" data-follow="\(running ? "1" : "")"\(poll)></div>
        \(summary)
        \(actions)
        <h2>Steps</h2>
        \(StepGraphView(record: record, pipeline: pipeline).render())
        \(timeline)
        \(stepTable)
        <h2>Parameters</h2>
        \(parameterTable)
        <h2>Outputs</h2>
        \(outputs)
        <h2 id="logs">Logs</h2>
        \(logSections)
        <h2>Webhook deliveries</h2>
        \(deliveryTable)
        """)
    }

    /// Why a run that has not started waits, as the run object says it (`waiting_for`).
    private var waiting: HTML {
        guard !record.status.isFinal, record.status != .running else { return .empty }
        let absorbed: HTML = record.debouncedTriggers.map { "<dt>Debounced triggers</dt><dd data-debounced=\"\($0)\">\($0)</dd>" } ?? .empty
        guard let wait = RunObject(record: record).waitingFor else { return absorbed }
        return "<dt>Waiting for</dt><dd class=\"waiting\" data-waiting=\"\(wait.reason.rawValue)\">\(wait.summary)</dd>\(absorbed)"
    }

    private var summary: HTML {
        let tags: [HTML] = record.tags.map { "<span class=\"tag\">\($0)</span>" }
        let error: HTML = record.error.map { error in
            let step = error.step.map { "step \($0): " } ?? ""
            return "<dt>Error</dt><dd class=\"error\">\(step)\(error.message)</dd>"
        } ?? .empty
        let cancel: HTML = record.cancelRequested && running ? " <span class=\"note\">(cancel requested)</span>" : .empty
        let retryOf: HTML = record.retryOf.map { "<dt>Retry of</dt><dd><a href=\"/ui/runs/\($0)\">\($0)</a></dd>" } ?? .empty
        let reclaims: HTML = record.reclaims > 0 ? "<dt>Lost workers</dt><dd>\(record.reclaims) of \(record.maxReclaims)</dd>" : .empty
        return """
        <dl class="summary">
        <dt>Pipeline</dt><dd><a href="/ui/runs?pipeline=\(Formatting.query(record.pipeline))">\(record.pipeline)</a></dd>
        <dt>Status</dt><dd>\(Formatting.badge(record.status.rawValue))\(cancel)</dd>
        <dt>Attempt</dt><dd>\(record.attempt) of \(record.maxAttempts)</dd>
        \(reclaims)\(retryOf)
        <dt>Priority</dt><dd>\(record.priority.rawValue)</dd>
        <dt>Queue</dt><dd><code>\(record.queue)</code></dd>
        \(waiting)
        <dt>Worker</dt><dd>\(record.worker ?? "–")</dd>
        <dt>Created</dt><dd>\(Formatting.time(record.createdAt)) UTC</dd>
        <dt>Started</dt><dd>\(Formatting.time(record.startedAt))</dd>
        <dt>Finished</dt><dd>\(Formatting.time(record.finishedAt))</dd>
        <dt>Duration</dt><dd>\(Formatting.duration(from: record.startedAt, to: record.finishedAt, now: now))</dd>
        <dt>Tags</dt><dd>\(tags.isEmpty ? "–" : HTML(joining: tags))</dd>
        <dt>Callback</dt><dd>\(record.callbackURL ?? "–")</dd>
        <dt>Triggered by</dt><dd>\(triggerText)</dd>
        <dt>Trace</dt><dd><code>\(record.trace?.traceID ?? "–")</code></dd>
        \(error)
        </dl>
        """
    }

    private var running: Bool { !record.status.isFinal }

    /// `source github, delivery 72d3…, event push`; `api key ci`; `schedule nightly`.
    private var triggerText: String {
        let trigger = record.trigger
        var parts = [trigger.kind.rawValue + (trigger.name.map { " \($0)" } ?? "")]
        if let delivery = trigger.delivery { parts.append("delivery \(delivery)") }
        if let event = trigger.event { parts.append("event \(event)") }
        return parts.joined(separator: ", ")
    }

    /// A step runs: its log grows without events, so the script looks again every two seconds.
    private var poll: HTML {
        running && record.steps.contains { $0.status == .running } ? " data-poll=\"2\"" : .empty
    }

    private var actions: HTML {
        guard session.allows(.trigger) else {
            return "<p class=\"note\">Cancel and retry need a key with the <code>trigger</code> scope.</p>"
        }
        let cancel: HTML = running ? """
            <form method="post" action="/ui/runs/\(record.id)/cancel">\(CSRFField.input(session))<button type="submit" class="danger">Cancel run</button></form>
            """ : .empty
        let retry: HTML = """
            <form method="post" action="/ui/runs/\(record.id)/retry">\(CSRFField.input(session))<button type="submit">Retry (new run, same parameters)</button></form>
            """
        // A failed or canceled run: a retry that starts at its failed step, the steps before it reused.
        let fromFailed: HTML = record.status == .failed || record.status == .canceled ? """
            <form method="post" action="/ui/runs/\(record.id)/retry-from-failed">\(CSRFField.input(session))<button type="submit">Retry from the failed step</button></form>
            """ : .empty
        return "<div class=\"actions\">\(cancel)\(fromFailed)\(retry)</div>"
    }

    /// Each step as a bar on one time axis, from the first start to the last end (or now). SVG
    /// attributes, not inline styles: the page's Content-Security-Policy allows no inline style.
    private var timeline: HTML {
        let started = record.steps.compactMap(\.startedAt)
        guard let origin = started.min() else { return "<p class=\"empty\">No step has started yet.</p>" }
        let end = max(record.steps.compactMap { $0.finishedAt ?? ($0.startedAt != nil ? now : nil) }.max() ?? now, origin + 1)
        let span = Double(end - origin)
        let rowHeight = 22
        let bars: [HTML] = record.steps.enumerated().map { index, step in
            let y = index * rowHeight
            guard let start = step.startedAt else {
                return "<text x=\"4\" y=\(quoted(y + 15))>\(step.name) (\(step.status.rawValue))</text>"
            }
            let x = Int(Double(start - origin) / span * 1000)
            let width = max(3, Int(Double((step.finishedAt ?? now) - start) / span * 1000))
            let label = "\(step.name) · \(Formatting.duration(from: step.startedAt, to: step.finishedAt, now: now))"
            return """
            <rect class="bar \(step.status.rawValue)" x=\(quoted(x)) y=\(quoted(y + 2)) width=\(quoted(width)) height="18" rx="3"><title>\(label)</title></rect>\
            <text x=\(quoted(min(x + 4, 760))) y=\(quoted(y + 15))>\(label)</text>
            """
        }
        let height = max(1, record.steps.count) * rowHeight
        return """
        <svg class="timeline" viewBox="0 0 1000 \(height)" preserveAspectRatio="none" role="img" aria-label="step timeline">\(bars)</svg>
        """
    }

    private func quoted(_ value: Int) -> HTML {
        "\"\(value)\""
    }

    private var stepTable: HTML {
        let rows: [HTML] = record.steps.map { step in
            let exit: HTML = step.exitCode.map { "\($0)" } ?? "–"
            // Taken over from the run this one retries; or run more than once (retries in place).
            let note: HTML = step.reused == true ? " <span class=\"note\">(reused)</span>"
                : (step.attempts ?? 1) > 1 ? " <span class=\"note\">(attempt \(step.attempts ?? 1))</span>" : .empty
            return """
            <tr data-step="\(step.name)"><td>\(step.name)</td><td>\(Formatting.badge(step.status.rawValue))\(note)</td>
            <td>\(Formatting.time(step.startedAt))</td><td>\(Formatting.duration(from: step.startedAt, to: step.finishedAt, now: now))</td>
            <td class="exit">\(exit)</td><td>\(step.error ?? "")</td></tr>
            """
        }
        return """
        <table class="steps">
        <thead><tr><th>Step</th><th>Status</th><th>Started (UTC)</th><th>Duration</th><th>Exit code</th><th>Error</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        """
    }

    private var parameterTable: HTML {
        let rows: [HTML] = record.steps.flatMap { step in
            (record.parameters[step.name] ?? [:]).sorted { $0.key < $1.key }.map { name, value in
                "<tr><td>\(step.name)</td><td>\(name)</td><td><code>\(Formatting.value(value))</code></td></tr>" as HTML
            }
        }
        guard !rows.isEmpty else { return "<p class=\"empty\">This run has no parameters.</p>" }
        return """
        <table class="parameters">
        <thead><tr><th>Step</th><th>Parameter</th><th>Value</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        """
    }

    private var outputs: HTML {
        guard let outputs = record.outputs, outputs != .null else { return "<p class=\"empty\">No outputs (yet).</p>" }
        return "<pre class=\"outputs\" tabindex=\"0\">\(outputs.jsonString())</pre>"
    }

    /// Each step's log. A running step's is its log so far (the worker sends it about once a
    /// second while it grows; the final one replaces it when the step ends), marked live.
    private var logSections: HTML {
        let sections: [HTML] = record.steps.map { step in
            let live = running && step.status == .running
            let text: HTML = if let log = logs[step.name], !log.isEmpty {
                "\(log)"
            } else if live {
                "<span class=\"empty\">(no output yet)</span>"
            } else {
                logs[step.name] == nil ? "<span class=\"empty\">(no logs)</span>" : "<span class=\"empty\">(no output)</span>"
            }
            let note: HTML = live ? " <span class=\"note\">live: the output so far</span>" : .empty
            return """
            <details class="log" open><summary>\(step.name) \(Formatting.badge(step.status.rawValue))\(note)</summary>\
            <pre tabindex="0" data-log-step="\(step.name)"\(live ? " data-live=\"1\"" as HTML : .empty)>\(text)</pre></details>
            """
        }
        return HTML(joining: sections)
    }

    private var deliveryTable: HTML {
        guard !deliveries.isEmpty else {
            return running ? "<p class=\"empty\">Webhooks are sent when the run ends.</p>" : "<p class=\"empty\">No webhook deliveries.</p>"
        }
        let rows: [HTML] = deliveries.map { attempt in
            let status: HTML = attempt.statusCode.map { "\($0)" } ?? "–"
            return """
            <tr><td>\(attempt.attempt)</td><td>\(attempt.url)</td><td>\(status)</td><td>\(Formatting.time(attempt.at))</td><td>\(attempt.error ?? "")</td></tr>
            """
        }
        return """
        <table class="deliveries">
        <thead><tr><th>Attempt</th><th>URL</th><th>Status code</th><th>At (UTC)</th><th>Error</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        """
    }
}
