"""The fleet's pages in headless Chromium (issue 20): Overview, Workers, Schedules, Sources, and the
charts on the Queue and Pipelines pages. Run by scripts/ui-check after ui_browser.py, on the same
`kickoff dev`, so the runs it started have really happened: the Overview's runs chart must draw a
bar in the minute of each finished run, adding up to their number; the Workers page must list the
live worker that `GET /v1/workers` lists. Saves docs/screenshots/overview.png and workers.png.

usage: ui_fleet_checks.py URL API_KEY SCREENSHOT_DIR
"""
import calendar
import json
import os
import sys
import time
import urllib.request

from ui_browser import Browser, chromium, expect, log_in


def api(url, key, path):
    request = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def finished_minutes(url, key, since_ms):
    """Minute start (ms) → runs that ended in it, from the runs themselves (not from the history)."""
    minutes = {}
    for run in api(url, key, "/v1/runs?limit=100")["runs"]:
        if run["status"] in ("succeeded", "failed", "canceled") and run.get("finished_at"):
            ended = calendar.timegm(time.strptime(run["finished_at"][:19], "%Y-%m-%dT%H:%M:%S")) * 1000
            if ended >= since_ms:
                minute = ended // 60000 * 60000
                minutes[minute] = minutes.get(minute, 0) + 1
    return minutes


def bars(browser, chart):
    """Minute start (ms) → the values of the chart's bars in it."""
    drawn = browser.evaluate(f"""Array.from(document.querySelectorAll('svg[data-chart="{chart}"] rect.bar'))
        .map(r => [Number(r.dataset.time), Number(r.dataset.value)])""") or []
    totals = {}
    for minute, value in drawn:
        totals[minute] = totals.get(minute, 0) + value
    return totals


def check_accessible(browser, what):
    missing = browser.evaluate("""Array.from(document.querySelectorAll('svg.chart')).filter(s =>
        s.getAttribute('role') !== 'img' || !s.getAttribute('aria-label') || !s.querySelector('title') || !s.querySelector('desc')).length""")
    count = browser.evaluate("document.querySelectorAll('svg.chart').length")
    expect(count > 0 and missing == 0, f"{what}: {count} charts, each with role=img, aria-label, <title> and <desc>")


def main():
    url, key, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    browser = Browser(chromium())
    try:
        log_in(browser, url, key)
        expect(browser.evaluate("location.pathname") == "/ui/overview", "the dashboard opens on the Overview after login")

        # The runs chart against the runs that really ended within the chart's hour. A run may end
        # between the two reads: look again, a few times, until both agree.
        since = (int(time.time()) // 60 + 1) * 60000 - 3600000
        agreed = False
        for _ in range(10):
            wanted = finished_minutes(url, key, since)
            browser.open(f"{url}/ui/overview")
            drawn = bars(browser, "chart-runs")
            if wanted and drawn == wanted:
                agreed = True
                break
            time.sleep(1)
        expect(agreed, f"the Overview's runs chart draws the {sum(wanted.values())} runs that ended, in their minutes "
                       f"(runs: {wanted}, bars: {drawn})")
        points = browser.evaluate("document.querySelectorAll('svg[data-chart^=\"chart-duration\"] circle.point').length")
        expect(points > 0, f"the Overview's step duration charts have data points ({points})")
        samples = browser.evaluate("document.querySelectorAll('svg[data-chart=\"chart-depth\"] circle.point').length")
        expect(samples > 0, f"the Overview's queue depth chart has the minutes' samples ({samples})")
        check_accessible(browser, "the Overview")
        browser.screenshot(os.path.join(out, "overview.png"))

        listed = [worker["name"] for worker in api(url, key, "/v1/workers")["workers"]]
        browser.open(f"{url}/ui/workers")
        rows = browser.evaluate("Array.from(document.querySelectorAll('tr[data-worker]')).map(r => r.dataset.worker)")
        expect(listed and sorted(rows) == sorted(listed), f"the Workers page lists the live workers {listed}")
        expect(browser.evaluate("document.querySelectorAll('[data-flag=\"pipeline\"]').length") == 0,
               "no worker is flagged for another pipeline file (kickoff dev's workers load the front's)")
        browser.screenshot(os.path.join(out, "workers.png"))

        browser.open(f"{url}/ui/schedules")
        schedules = browser.evaluate("document.querySelectorAll('tr[data-schedule] ul.times li').length")
        expect(schedules > 0, f"the Schedules page shows next fire times ({schedules})")
        browser.open(f"{url}/ui/sources")
        expect("Sources" in browser.text() and ("sources:" in browser.text() or "POST /v1/hooks/" in browser.text()),
               "the Sources page shows the file's sources (or says it has none)")

        browser.open(f"{url}/ui/queue")
        check_accessible(browser, "the Queue page")
        browser.open(f"{url}/ui/pipelines")
        check_accessible(browser, "the Pipelines page")
        drawn = sum(bars(browser, "chart-runs-0").values())
        expect(drawn > 0, f"the Pipelines page charts the first pipeline's runs ({drawn})")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
