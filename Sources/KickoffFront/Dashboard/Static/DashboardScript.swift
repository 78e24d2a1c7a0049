/// `/ui/static/dashboard.js`, the file `Resources/dashboard.js` compiled into the binary: the
/// little JavaScript of the pages, all optional. A page marks what it wants on `<div id="live">`:
/// `data-run-events` / `data-list-events` (an SSE stream to follow while `data-follow` is set) and
/// `data-poll` (seconds). On news it fetches the page again and swaps in the new `<main>`, so the
/// server renders everything and the script renders nothing.
///
/// News that comes while a fetch is under way is not dropped: one more fetch follows it (the
/// page in flight may have been rendered before that news). Log boxes keep their open state and
/// scroll position across swaps, and a box scrolled to its end (a running step's, at first)
/// stays at the end as the log grows. Runs ticked for a comparison stay ticked across swaps.
enum DashboardScript {
    static let javascript = String(decoding: PackageResources.dashboard_js, as: UTF8.self)
}
