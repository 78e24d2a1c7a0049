/// `/ui/static/dashboard.js`: the little JavaScript of the pages, all optional. A page marks what
/// it wants on `<div id="live">`: `data-run-events` / `data-list-events` (an SSE stream to
/// follow while `data-follow` is set) or `data-poll` (seconds). On news it fetches the page again
/// and swaps in the new `<main>`, so the server renders everything and the script renders nothing.
enum DashboardScript {
    static let javascript = """
    "use strict";
    (function () {
      let source = null;
      let pending = null;
      let following = "";

      function live() { return document.getElementById("live"); }

      function refresh() {
        if (pending) return;
        pending = setTimeout(function () {
          fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
            .then(function (response) {
              if (response.redirected || !response.ok) { location.reload(); return null; }
              return response.text();
            })
            .then(function (text) {
              pending = null;
              if (text === null) return;
              const page = new DOMParser().parseFromString(text, "text/html");
              const open = {};
              document.querySelectorAll("details.log").forEach(function (d, i) { open[i] = d.open; });
              document.querySelector("main").replaceWith(page.querySelector("main"));
              document.querySelectorAll("details.log").forEach(function (d, i) { if (i in open) d.open = open[i]; });
              connect();
            })
            .catch(function () { pending = null; });
        }, 300);
      }

      function connect() {
        const marker = live();
        if (!marker) return;
        const url = marker.dataset.runEvents || marker.dataset.listEvents || "";
        const wanted = marker.dataset.follow ? url : "";
        if (wanted !== following) {
          if (source) { source.close(); source = null; }
          following = wanted;
          if (wanted) {
            source = new EventSource(wanted);
            const onEvent = function () { refresh(); };
            ["run.queued", "run.running", "run.succeeded", "run.failed", "run.canceled", "run.cancel_requested",
             "step.started", "step.succeeded", "step.failed", "step.skipped", "step.canceled", "runs.new"]
              .forEach(function (type) { source.addEventListener(type, onEvent); });
          }
        }
        if (marker.dataset.poll && !window.kickoffPoll) {
          window.kickoffPoll = setInterval(refresh, Number(marker.dataset.poll) * 1000);
        }
      }

      document.addEventListener("DOMContentLoaded", connect);
    })();
    """
}
