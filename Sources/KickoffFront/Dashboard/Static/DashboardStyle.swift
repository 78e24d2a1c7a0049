/// `/ui/static/dashboard.css`: the pages' one stylesheet (no inline styles: the CSP forbids them).
enum DashboardStyle {
    static let css = """
    :root { --fg: #1d232b; --muted: #5f6b7a; --line: #d9dee5; --bg: #f6f7f9; --accent: #2358c4; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
    header.top { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #16202e; color: #fff; }
    header.top a { color: #cfd8e6; text-decoration: none; }
    header.top a.brand { color: #fff; font-weight: 700; font-size: 17px; }
    header.top nav { display: flex; gap: 16px; flex: 1; }
    header.top nav a[aria-current] { color: #fff; border-bottom: 2px solid #6ea0ff; }
    form.logout { display: flex; align-items: center; gap: 10px; margin: 0; }
    form.logout .who { color: #cfd8e6; }
    main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
    h1 { font-size: 22px; margin: 8px 0 16px; } h2 { font-size: 17px; margin: 24px 0 8px; } h3 { font-size: 15px; margin: 16px 0 8px; }
    table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
    th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { background: #eef1f5; font-weight: 600; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
    code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
    a { color: var(--accent); }
    .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; background: #e4e8ee; color: #333; }
    .badge.running { background: #dbe8ff; color: #1947a3; } .badge.queued, .badge.scheduled, .badge.pending { background: #f1ecd9; color: #6b5514; }
    .badge.succeeded { background: #d9f2e1; color: #17663a; } .badge.failed { background: #fadcdc; color: #9b1c1c; }
    .badge.canceled, .badge.skipped { background: #e7e7e7; color: #555; }
    .tag { display: inline-block; padding: 0 6px; margin-right: 4px; border: 1px solid var(--line); border-radius: 4px; background: #fff; font-size: 12px; }
    form.filters, form.trigger { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; margin: 0 0 16px; padding: 12px; background: #fff; border: 1px solid var(--line); }
    form.trigger { flex-direction: column; align-items: stretch; max-width: 560px; }
    form.trigger h3 { margin: 0; }
    label { display: flex; flex-direction: column; gap: 3px; font-weight: 600; font-size: 13px; }
    label small { font-weight: 400; color: var(--muted); }
    input, select { font: inherit; padding: 5px 8px; border: 1px solid #b9c1cc; border-radius: 4px; background: #fff; }
    button { font: inherit; padding: 6px 14px; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
    button.danger { background: #b42318; }
    .actions { display: flex; gap: 10px; margin: 12px 0; } .actions form { margin: 0; }
    dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; background: #fff; border: 1px solid var(--line); padding: 12px; margin: 0; }
    dl.summary dt { color: var(--muted); } dl.summary dd { margin: 0; }
    svg.timeline { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); margin-bottom: 8px; }
    svg.timeline rect.bar { fill: #9db8ee; } svg.timeline rect.succeeded { fill: #8fd3a8; } svg.timeline rect.failed { fill: #f2a5a5; }
    svg.timeline rect.running { fill: #8fb2f5; } svg.timeline text { font-size: 12px; fill: #1d232b; }
    details.log { background: #fff; border: 1px solid var(--line); margin-bottom: 8px; } details.log summary { padding: 6px 10px; cursor: pointer; font-weight: 600; }
    pre { margin: 0; padding: 10px; background: #0f1720; color: #d7e0ea; overflow: auto; max-height: 360px; font: 12px/1.45 ui-monospace, Menlo, monospace; white-space: pre-wrap; }
    pre.outputs { background: #fff; color: var(--fg); border: 1px solid var(--line); }
    .empty, .note { color: var(--muted); } .error { color: #9b1c1c; } div.error { background: #fdeeee; padding: 8px 12px; border-radius: 4px; }
    .notice { background: #e8f3ec; padding: 8px 12px; border-radius: 4px; }
    section.login { max-width: 420px; margin: 48px auto; background: #fff; border: 1px solid var(--line); padding: 24px; }
    section.login form { display: flex; flex-direction: column; gap: 10px; }
    section.pipeline { margin-bottom: 32px; } ul.presets { margin: 0 0 12px; }
    .pager { margin-top: 12px; }
    """
}
