"use strict";
(function () {
  const eventTypes = ["run.queued", "run.running", "run.succeeded", "run.failed", "run.canceled", "run.cancel_requested",
    "step.started", "step.succeeded", "step.failed", "step.skipped", "step.canceled", "runs.new"];
  let source = null;    // the EventSource followed now
  let following = "";   // its URL
  let timer = null;     // a fetch about to start
  let loading = false;  // a fetch under way
  let again = false;    // news came during that fetch: fetch once more after it
  let poll = null;
  let polling = 0;

  function live() { return document.getElementById("live"); }

  function refresh(delay) {
    if (loading) { again = true; return; }
    if (timer) return;
    timer = setTimeout(load, delay === undefined ? 300 : delay);
  }

  function load() {
    timer = null;
    loading = true;
    again = false;
    fetch(location.href, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (response.redirected || !response.ok) { location.reload(); return null; }
        return response.text();
      })
      .then(function (text) {
        loading = false;
        if (text === null) return;
        swap(new DOMParser().parseFromString(text, "text/html"));
        connect();
        if (again) refresh();
      })
      .catch(function () { loading = false; refresh(5000); });
  }

  function atEnd(pre) { return pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4; }

  function swap(page) {
    const logs = {};
    document.querySelectorAll("details.log pre[data-log-step]").forEach(function (pre) {
      logs[pre.dataset.logStep] = { open: pre.parentElement.open, top: pre.scrollTop, end: atEnd(pre) };
    });
    // Runs ticked for a comparison stay ticked when the list is rendered again.
    const ticked = new Set(Array.from(document.querySelectorAll("input[name=run]:checked")).map(function (box) { return box.value; }));
    document.querySelector("main").replaceWith(page.querySelector("main"));
    document.querySelectorAll("input[name=run]").forEach(function (box) { if (ticked.has(box.value)) box.checked = true; });
    document.title = page.title;
    document.querySelectorAll("details.log pre[data-log-step]").forEach(function (pre) {
      const kept = logs[pre.dataset.logStep];
      if (!kept) { if (pre.dataset.live) pre.scrollTop = pre.scrollHeight; return; }
      pre.parentElement.open = kept.open;
      pre.scrollTop = kept.end ? pre.scrollHeight : kept.top;
    });
  }

  function follow(url) {
    const stream = new EventSource(url);
    eventTypes.forEach(function (type) { stream.addEventListener(type, function () { refresh(); }); });
    // An answer that is not a stream (503 while the front follows too many runs) closes an
    // EventSource for good: look again a little later, which opens a new one.
    stream.addEventListener("error", function () { if (stream.readyState === EventSource.CLOSED) refresh(5000); });
    return stream;
  }

  function connect() {
    const marker = live();
    const url = marker ? (marker.dataset.runEvents || marker.dataset.listEvents || "") : "";
    const wanted = marker && marker.dataset.follow ? url : "";
    if (wanted !== following || (source && source.readyState === EventSource.CLOSED)) {
      if (source) { source.close(); source = null; }
      following = wanted;
      if (wanted) source = follow(wanted);
    }
    const seconds = marker ? Number(marker.dataset.poll || 0) : 0;
    if (seconds !== polling) {
      if (poll) { clearInterval(poll); poll = null; }
      polling = seconds;
      if (seconds > 0) poll = setInterval(function () { refresh(0); }, seconds * 1000);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("details.log pre[data-live]").forEach(function (pre) { pre.scrollTop = pre.scrollHeight; });
    connect();
  });
})();