"""axe-core in the dashboard's pages, over the DevTools protocol (used by ui_browser.py).

The engine is axe.min.js from PyPI (scripts/ui-check installs axe-playwright-python, which bundles
it, and passes its path in KICKOFF_AXE_JS). It is evaluated in the page with Runtime.evaluate, then
`axe.run` checks the rendered page (labels, names, roles, colour contrast, …) against WCAG 2.x A/AA
and axe's best practices. A serious or critical violation fails the check; lesser ones are printed.

The pages checked are every link of the signed-in navigation (whatever pages it has, so pages added
later are covered without a change here), plus the ones the caller adds (a run, a comparison).
"""
import json
import os

FAILING = ("serious", "critical")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_source():
    path = os.environ.get("KICKOFF_AXE_JS", "")
    if not path or not os.path.isfile(path):
        raise SystemExit("ui-check: KICKOFF_AXE_JS does not name axe.min.js (scripts/ui-check sets it)")
    with open(path, encoding="utf-8") as file:
        return file.read()


def navigation_links(browser, url):
    """The absolute URLs of the signed-in navigation, read from the runs page."""
    browser.open(f"{url}/ui/runs")
    return browser.evaluate("Array.from(document.querySelectorAll('header nav a')).map(a => a.href)")


def violations(browser, source):
    """axe's violations in the current page, each {id, impact, help, targets}."""
    if not browser.evaluate("typeof window.axe === 'object'"):
        browser.evaluate(source + "\n;true")
    script = ("axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})"
              ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
              "targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))") % json.dumps(TAGS)
    return browser.evaluate_async(script)


def check_engine(browser, source, expect):
    """axe finds a violation planted in the page (an unlabelled input): a check that finds nothing
    because the engine did not run cannot pass."""
    browser.evaluate("(() => { const i = document.createElement('input'); i.id = 'kickoff-axe-probe'; document.body.append(i); })()")
    found = violations(browser, source)
    browser.evaluate("document.getElementById('kickoff-axe-probe').remove()")
    expect(any(v["id"] == "label" and "#kickoff-axe-probe" in v["targets"] for v in found),
           "axe-core runs in the page: it finds an unlabelled input planted there")


def check_pages(browser, urls, expect):
    """Opens each URL and fails on its serious or critical violations."""
    source = axe_source()
    for index, url in enumerate(urls):
        if index == 0:
            browser.open(url)
            check_engine(browser, source, expect)
        browser.open(url)
        found = violations(browser, source)
        for violation in found:
            print(f"ui-check: axe {violation['impact']}: {violation['id']} ({violation['help']}) at {violation['targets']} on {url}")
        failing = [v for v in found if v["impact"] in FAILING]
        expect(not failing, f"axe-core finds no serious or critical violation on {url}"
               + (f" (found {[v['id'] for v in failing]})" if failing else f" ({len(found)} minor)"))
