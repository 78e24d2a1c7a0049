"""The pipeline's graph, the runs list's outputs and order, and the comparison of runs, in the browser
and without JavaScript (used by ui_browser.py, on `kickoff dev` over examples/training).

Without JavaScript: the pages are fetched with the browser's session cookie over plain HTTP and
their markup is read (the script only adds live updates: what it renders is the server's HTML).
"""
import html.parser
import json
import os
import urllib.request

STEPS = ["load_data", "preprocess", "train_model", "evaluate"]
EDGES = {("load_data", "preprocess"), ("preprocess", "train_model"), ("preprocess", "evaluate"), ("train_model", "evaluate")}


def check_pipeline_graph(browser, url, expect):
    browser.open(f"{url}/ui/pipelines")
    graph = "#pipeline-training_pipeline svg.dag[data-graph=pipeline]"
    nodes = browser.evaluate(f"Array.from(document.querySelectorAll('{graph} g.node')).map(n => n.dataset.step)")
    expect(sorted(nodes or []) == sorted(STEPS), f"the pipeline's graph has one node per step ({nodes})")
    edges = browser.evaluate(f"Array.from(document.querySelectorAll('{graph} path.edge')).map(p => [p.dataset.from, p.dataset.to])")
    expect({tuple(edge) for edge in edges or []} == EDGES, f"the graph has an edge per `after` ({edges})")
    # Drawn left to right: each edge's target is in a column to the right of its source.
    boxes = browser.evaluate(f"""Object.fromEntries(Array.from(document.querySelectorAll('{graph} g.node'))
        .map(n => {{ const r = n.getBoundingClientRect(); return [n.dataset.step, [r.left, r.top, r.right, r.bottom]]; }}))""")
    expect(all(boxes[a][2] <= boxes[b][0] for a, b in EDGES), "every edge points right, nodes laid out in columns")
    visible = browser.evaluate(f"document.querySelector('{graph}').getBoundingClientRect().height > 30")
    expect(visible, "the pipeline's graph is drawn")


def check_run_graph(browser, url, run_id, out, expect):
    browser.open(f"{url}/ui/runs/{run_id}")
    graph = "svg.dag[data-graph=run]"
    nodes = browser.evaluate(f"""Array.from(document.querySelectorAll('{graph} g.node')).map(n =>
        [n.dataset.step, n.dataset.status, n.querySelector('text.status').textContent, n.getAttribute('aria-label')])""")
    expect(sorted(node[0] for node in nodes or []) == sorted(STEPS), "the run's graph has one node per step")
    expect(all(node[1] == "succeeded" and "succeeded" in node[2] and "status succeeded" in node[3] for node in nodes),
           f"the run's graph shows each step succeeded, in words and in its accessible name ({[n[2] for n in nodes]})")
    colours = browser.evaluate(f"Array.from(new Set(Array.from(document.querySelectorAll('{graph} g.node rect')).map(r => getComputedStyle(r).fill)))")
    expect(len(colours or []) == 1 and colours[0] != "rgb(238, 241, 245)", f"succeeded nodes are coloured as such ({colours})")
    browser.screenshot_between("dl.summary", "svg.timeline", os.path.join(out, "graph.png"))


def sort_and_compare(browser, url, runs, out, expect):
    """The training runs (all succeeded): output columns, sorted by accuracy, two of them compared."""
    browser.open(f"{url}/ui/runs?pipeline=training_pipeline")
    headers = browser.evaluate("Array.from(document.querySelectorAll('table.runs th a[data-sort]')).map(a => a.dataset.sort)")
    expect("-outputs.accuracy" in headers and "-outputs.model_type" in headers,
           f"filtered to the pipeline, the runs list has sortable accuracy and model_type columns ({headers})")
    browser.mark_page()
    browser.click("table.runs th a[data-sort='-outputs.accuracy']")
    browser.wait_for_new_page("the list sorted by accuracy")
    expect("sort=-outputs.accuracy" in browser.evaluate("location.search"), "the accuracy header sorts the list by it")
    values = browser.evaluate("Array.from(document.querySelectorAll('td[data-output=accuracy]')).map(td => td.textContent)")
    numbers = [float(value) for value in values if value not in ("–", "")]
    expect(len(numbers) >= len(runs) and numbers == sorted(numbers, reverse=True), f"the runs come highest accuracy first ({values})")
    expect("highest first" in browser.evaluate("document.querySelector('th[aria-sort]').textContent"), "the order is said in words")

    first, second = runs[0], runs[1]
    for run in (first, second):
        browser.click(f"input[name=run][value='{run}']")
    expect(browser.evaluate("document.querySelectorAll('input[name=run]:checked').length") == 2, "two runs are ticked")
    browser.mark_page()
    browser.click("form#compare button[type=submit]")
    browser.wait_for_new_page("the comparison")
    expect(browser.evaluate("location.pathname") == "/ui/compare", "Compare opens the comparison page")
    differing = browser.evaluate("Array.from(document.querySelectorAll('tr.differs th')).map(th => th.textContent)")
    expect(any(label.startswith("model_type") and "differs" in label for label in differing)
           and any(label.startswith("train_model.model_type") for label in differing),
           f"the comparison marks the differing model_type (output and parameter) in words ({differing})")
    same = browser.evaluate("Array.from(document.querySelectorAll('tr:not(.differs) th[scope=row]')).map(th => th.textContent)")
    expect("pipeline" in same and "load_data.data_url" in same, "values that are the same are not marked")
    links = browser.evaluate("Array.from(document.querySelectorAll('thead a')).map(a => a.getAttribute('href'))")
    expect(all(f"/ui/runs/{run}" in links and f"/ui/runs/{run}#logs" in links for run in (first, second)),
           "each column links to its run's page and logs")
    browser.screenshot(os.path.join(out, "compare.png"))
    return browser.evaluate("location.href")


class _Markup(html.parser.HTMLParser):
    """The elements of a page, each as (tag, attributes), and its text."""

    def __init__(self):
        super().__init__()
        self.elements = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def having(self, tag, **wanted):
        return [attrs for name, attrs in self.elements if name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())]


def fetch(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie, "Accept": "text/html"})
    with urllib.request.urlopen(request) as response:
        markup = _Markup()
        markup.feed(response.read().decode())
        return markup


def check_without_javascript(browser, url, run_id, compare_url, expect):
    cookies = browser.call("Network.getCookies", {"urls": [url + "/ui/runs"]})["cookies"]
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in cookies if c["name"] == "kickoff_session")
    pipelines = fetch(f"{url}/ui/pipelines", cookie)
    nodes = [a for a in pipelines.having("g", role="img") if a.get("data-step") in STEPS]
    expect(len(nodes) == len(STEPS) and len(pipelines.having("svg", data_graph="pipeline")) >= 1,
           "without JavaScript the pipelines page has the graph, a node per step")
    run = fetch(f"{url}/ui/runs/{run_id}", cookie)
    statuses = {a.get("data-step"): a.get("data-status") for a in run.having("g", role="img")}
    expect(statuses == {step: "succeeded" for step in STEPS} and "✓ succeeded" in "".join(run.text),
           "without JavaScript the run page's graph shows each step's status in words")
    listing = fetch(f"{url}/ui/runs?pipeline=training_pipeline&sort=-outputs.accuracy", cookie)
    expect(listing.having("form", id="compare", method="get", action="/ui/compare")
           and len(listing.having("input", type="checkbox", name="run", form="compare")) >= 2
           and listing.having("td", data_output="accuracy"),
           "without JavaScript the runs list has the output columns, the checkboxes and the GET compare form")
    comparison = fetch(compare_url, cookie)
    expect(len(comparison.having("tr", data_differs="1")) >= 1 and "≠ differs" in "".join(comparison.text),
           "without JavaScript the comparison marks what differs")
