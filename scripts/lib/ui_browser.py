"""Drives headless Chromium over the DevTools protocol (stdlib only) through the dashboard.

Chromium is started with --remote-debugging-pipe: the protocol's JSON messages travel over two
pipes (the browser reads fd 3 and writes fd 4), each message ended by a NUL byte, so no websocket
client is needed. The script logs in through the form, triggers a run from the pipelines page by
clicking (real mouse events at the elements' positions, text typed with Input.insertText), waits
on the run page until the live updates show the run succeeded, checks each page's content and
saves a 1280x800 screenshot of each page. Then it checks the pipeline's graph, the run's graph,
the runs list's output columns and sorting and the comparison of two real runs
(ui_results_checks.py), the same pages' markup without JavaScript, and runs axe-core in every page
of the navigation (ui_axe.py).

With --burst it checks the runs list alone, on a system whose pipelines `quick` (one step) and
`quick3` (three) run `true`: many runs started at once over the API, each queued, running and
succeeded within milliseconds, must all end on the open list without a reload.

usage: ui_browser.py URL API_KEY SCREENSHOT_DIR
       ui_browser.py --burst URL API_KEY
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import ui_axe
import ui_results_checks


class Browser:
    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="kickoff-ui-chromium.")
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()

        def wire_pipes():
            # Runs in the child before it closes the fds it does not keep (3 and 4 are kept).
            read_end, write_end = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        args = [binary, "--headless=new", "--remote-debugging-pipe", "--user-data-dir=" + self.profile,
                "--window-size=1280,800", "--hide-scrollbars", "--no-first-run", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio"]
        if os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        args.append("about:blank")
        self.process = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=wire_pipes,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.session = None
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Network.enable")
        self.call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def evaluate_async(self, expression):
        """Evaluates an expression that yields a promise, and returns what it resolves to."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:200]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=30):
        """Polls until the expression is truthy in the page. It is made a boolean there: an element
        comes back by value as {}, which Python takes for false (so `a && querySelector(b)` never
        passed: the check of the live runs list timed out although the page showed what it wanted)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.evaluate(f"!!({expression})") is True:
                    return
            except RuntimeError:
                pass  # the page is navigating: its context is gone for a moment
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out after {timeout} s waiting for {what}; page: {self.evaluate('location.href')}")
            time.sleep(0.1)

    def mark_page(self):
        """Marks the current document, so that a new one can be told from it."""
        self.evaluate("window.kickoffOldPage = true")

    def wait_for_new_page(self, what, timeout=30):
        self.wait_for("!window.kickoffOldPage && document.readyState === 'complete'", what, timeout)

    def open(self, url):
        self.mark_page()
        self.call("Page.navigate", {"url": url})
        self.wait_for_new_page(f"{url} to load")

    def click(self, selector):
        """A real click: mouse pressed and released at the element's centre."""
        box = self.evaluate(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        if not box:
            raise RuntimeError(f"no element {selector} on {self.evaluate('location.href')}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})

    def type_into(self, selector, text):
        self.click(selector)
        self.call("Input.insertText", {"text": text})

    def choose(self, selector, value):
        """Picks an option of a <select> (a native popup cannot be clicked in headless mode)."""
        ok = self.evaluate(f"""(() => {{ const s = document.querySelector({json.dumps(selector)}); if (!s) return false;
            s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change', {{bubbles: true}})); return s.value === {json.dumps(value)}; }})()""")
        if not ok:
            raise RuntimeError(f"could not choose {value} in {selector}")

    def text(self):
        return self.evaluate("document.body.innerText")

    def screenshot(self, path):
        self.evaluate("window.scrollTo(0, 0)")
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        print(f"ui-check: saved {path}")


    def screenshot_between(self, top_selector, bottom_selector, path):
        """The full width of the page from the top of one element to the bottom of another."""
        box = self.evaluate(f"""(() => {{ const a = document.querySelector({json.dumps(top_selector)}),
            b = document.querySelector({json.dumps(bottom_selector)}); if (!a || !b) return null;
            const top = a.getBoundingClientRect().top + scrollY - 12, bottom = b.getBoundingClientRect().bottom + scrollY + 12;
            return [top, bottom - top, document.documentElement.clientWidth]; }})()""")
        if not box:
            raise RuntimeError(f"no {top_selector} or {bottom_selector} on {self.evaluate('location.href')}")
        clip = {"x": 0, "y": box[0], "width": box[2], "height": box[1], "scale": 1}
        data = self.call("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True})["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        print(f"ui-check: saved {path}")


def expect(condition, message):
    if not condition:
        raise SystemExit(f"ui-check: FAILED: {message}")
    print(f"ui-check: ok: {message}")


def trigger_over_api(url, key, model=None, pipeline="training_pipeline"):
    values = {"steps": {"train_model": {"parameters": {"model_type": model}}}} if model else {}
    body = json.dumps(dict(values, tags=["api"])).encode()
    request = urllib.request.Request(f"{url}/v1/pipelines/{pipeline}/runs", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["id"]


def log_in(browser, url, key):
    browser.open(f"{url}/ui/runs")
    browser.wait_for("location.pathname === '/ui/login'", "the redirect to the login form")
    browser.type_into("#key", key)
    browser.mark_page()
    browser.click("section.login button[type=submit]")
    browser.wait_for_new_page("the page after login")


def all_succeeded_expression(runs):
    return " && ".join(f"document.querySelector('tr[data-run-id=\"{run}\"] .badge.succeeded')" for run in runs)


def burst(url, key):
    """Runs that take milliseconds, started many at once while the list is open (the list shows
    the newest 20): each batch must end on the page, with no reload in between."""
    browser = Browser(chromium())
    try:
        log_in(browser, url, key)
        browser.open(f"{url}/ui/runs")  # the login leads to the overview
        browser.evaluate("window.kickoffListPage = true")
        for pipeline, count in (("quick", 40), ("quick3", 20), ("quick", 5)):
            runs = [trigger_over_api(url, key, pipeline=pipeline) for _ in range(count)]
            browser.wait_for(all_succeeded_expression(runs[-20:]), f"the list to show {count} {pipeline} runs succeeded", timeout=120)
            expect(browser.evaluate("window.kickoffListPage === true"),
                   f"{count} runs of {pipeline} started at once all ended on the open list, without a reload")
    finally:
        browser.close()


def chromium():
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        raise SystemExit("ui-check: chromium is not installed")
    return binary


def main():
    if sys.argv[1] == "--burst":
        return burst(sys.argv[2], sys.argv[3])
    url, key, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    browser = Browser(chromium())
    try:
        browser.open(f"{url}/ui/runs")
        browser.wait_for("location.pathname === '/ui/login'", "the redirect to the login form")
        expect("Log in" in browser.text(), "an anonymous visit lands on the login form")
        browser.type_into("#key", key)
        browser.mark_page()
        browser.click("section.login button[type=submit]")
        browser.wait_for_new_page("the page after login")
        expect(browser.evaluate("location.pathname") == "/ui/overview", "logging in leads to the overview page")
        expect("Log out" in browser.text(), "logging in through the form shows the runs page")
        cookies = browser.call("Network.getCookies", {"urls": [url + "/ui/runs"]})["cookies"]
        session = [c for c in cookies if c["name"] == "kickoff_session"]
        expect(session and session[0]["httpOnly"] and session[0]["sameSite"] == "Strict" and session[0]["path"] == "/ui",
               "the session cookie is HttpOnly, SameSite=Strict, Path=/ui")
        expect(browser.evaluate("document.cookie") == "", "page scripts cannot read the session cookie")

        browser.open(f"{url}/ui/pipelines")
        form = "form[action='/ui/pipelines/training_pipeline/runs']"
        expect(browser.evaluate(f"!!document.querySelector(\"{form}\")"), "the pipelines page has the trigger form")
        expect("model_type" in browser.text() and "production" in browser.text(), "the pipelines page lists parameters and presets")
        browser.choose(f"{form} select[name='steps.train_model.parameters.model_type']", "gradient_boosting")
        browser.type_into(f"{form} input[name='tags']", "ui-check")
        browser.screenshot(os.path.join(out, "pipelines.png"))
        browser.mark_page()
        browser.click(f"{form} button[type=submit]")
        browser.wait_for_new_page("the page after triggering")
        browser.wait_for("/^\\/ui\\/runs\\/[0-9a-f-]{36}$/.test(location.pathname)", "the new run's page")
        run_id = browser.evaluate("location.pathname.split('/').pop()")
        print(f"ui-check: the form started run {run_id}")
        # Live updates (SSE + the page fetching itself) bring the page to the end without a reload;
        # the graph of steps is redrawn with them (a step shown running, later all succeeded).
        browser.evaluate("window.kickoffRunPage = true")
        browser.wait_for("document.querySelector('svg.dag[data-graph=run] g.node.running')", "the run's graph to show a running step", timeout=300)
        browser.wait_for("document.querySelector('dl.summary .badge') && "
                         "['succeeded', 'failed', 'canceled'].includes(document.querySelector('dl.summary .badge').textContent)",
                         "the run to end on its page", timeout=300)
        status = browser.evaluate("document.querySelector('dl.summary .badge').textContent")
        page = browser.text()
        expect(status == "succeeded", f"the run page shows the run succeeded (got {status})")
        graph = browser.evaluate("Array.from(document.querySelectorAll('svg.dag[data-graph=run] g.node')).map(n => n.dataset.status)")
        expect(graph == ["succeeded"] * 4 and browser.evaluate("window.kickoffRunPage === true"),
               f"the run's graph went from a running step to every step succeeded live, without a reload ({graph})")
        expect("gradient_boosting" in page, "the run page shows the form's parameter value")
        expect("accuracy" in page, "the run page shows the outputs")
        expect(all(step in page for step in ["load_data", "preprocess", "train_model", "evaluate"]), "the run page shows every step")
        browser.evaluate("document.querySelectorAll('details.log').forEach((d, i) => d.open = i === 2)")
        browser.screenshot(os.path.join(out, "run.png"))

        # Two more runs over the API, so that the list and the queue have something in motion.
        others = [trigger_over_api(url, key, model=model) for model in ("random_forest", "gradient_boosting")]
        browser.open(f"{url}/ui/runs")
        browser.wait_for(f"document.body.innerText.includes({json.dumps(others[-1])})", "the runs list to show the new runs")
        page = browser.text()
        expect(run_id in page and "ui-check" in page, "the runs list shows the form's run with its tag")
        browser.open(f"{url}/ui/queue")
        expect("Queued runs" in browser.text() and "Running" in browser.text(), "the queue page shows depths and running runs")
        browser.screenshot(os.path.join(out, "queue.png"))
        browser.open(f"{url}/ui/runs")
        # Give the list's live stream the chance to show the other runs moving; the screenshot shows whatever it is then.
        browser.wait_for("document.querySelectorAll('tr[data-run-id] .badge.running, tr[data-run-id] .badge.succeeded').length >= 2",
                         "runs in motion on the list", timeout=120)
        browser.screenshot(os.path.join(out, "runs.png"))
        # The list follows its runs live: the other two runs end on this very page, without a reload.
        browser.evaluate("window.kickoffListPage = true")
        browser.wait_for(all_succeeded_expression(others), "the runs list to show both API runs succeeded", timeout=300)
        expect(browser.evaluate("window.kickoffListPage === true"), "the runs list showed the runs' ends live, without reloading")

        # The graph, the outputs and the comparison, of these real runs; then without JavaScript.
        ui_results_checks.check_pipeline_graph(browser, url, expect)
        ui_results_checks.check_run_graph(browser, url, run_id, out, expect)
        compare_url = ui_results_checks.sort_and_compare(browser, url, [run_id, others[0], others[1]], out, expect)
        ui_results_checks.check_without_javascript(browser, url, run_id, compare_url, expect)

        # axe-core in every page of the navigation, and in a run's page and a comparison.
        pages = ui_axe.navigation_links(browser, url) + [f"{url}/ui/runs/{run_id}", compare_url, f"{url}/ui/runs?pipeline=training_pipeline"]
        ui_axe.check_pages(browser, pages, expect)
        # The login page, signed out (a fresh browser has no session).
        anonymous = Browser(chromium())
        try:
            ui_axe.check_pages(anonymous, [f"{url}/ui/login"], expect)
        finally:
            anonymous.close()
    finally:
        browser.close()


if __name__ == "__main__":
    main()
