"""A steady mixed load on a Kickoff front for some minutes, sampling the resident memory (RSS) of the
front and of each pool worker; used by scripts/soak. Stdlib only.

    soak.py --url URL --key KEY --front-pid PID --pool-pid PID --minutes M

Load, all at once: 3 triggers/s of the chaos pipeline (one in 20 canceled right after), a GET of each
new run, a page of the run list and /metrics every second, an SSE follow of one run in 10 to its end,
an invoke (wait up to 10 s) every 5 s. Prints a sample line every 30 s and, at the end, one summary:
RSS after a one-minute warm-up and at the end for each process. Exits 1 when a process grew by more
than max(8 MiB, 25 %) — a leak of a few hundred bytes per request shows well past that in 10 minutes
at this rate — or when any request got a 5xx or a connection error.
"""
import argparse
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from front_client import Front  # noqa: E402
from reliability import trigger_body, worker_pids  # noqa: E402


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.bad = []

    def add(self, what, answer):
        label = f"{what}:{answer.code if answer.code is not None else 'error'}"
        with self.lock:
            self.counts[label] = self.counts.get(label, 0) + 1
            if answer.code is None or answer.code >= 500:
                self.bad.append(f"{label} {answer.error or answer.body[:200]!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--front-pid", type=int, required=True)
    parser.add_argument("--pool-pid", type=int, required=True)
    parser.add_argument("--minutes", type=float, default=10)
    args = parser.parse_args()

    front = Front(args.url, args.key, timeout=30)
    tally = Tally()
    stop = threading.Event()
    recent = []
    rng = random.Random(3)

    def every(interval, action):
        def loop():
            next_at = time.monotonic()
            while not stop.is_set():
                action()
                next_at += interval
                stop.wait(max(0, next_at - time.monotonic()))
        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread

    def trigger():
        body, _ = trigger_body(rng)
        answer = front.post("/v1/pipelines/chaos/runs", body)
        tally.add("trigger", answer)
        run = answer.json() if answer.code == 202 else None
        if not run:
            return
        tally.add("get", front.get(f"/v1/runs/{run['id']}"))
        roll = rng.random()
        if roll < 0.05:
            tally.add("cancel", front.post(f"/v1/runs/{run['id']}/cancel"))
        elif roll < 0.15:
            recent.append(run["id"])

    def follow():
        if recent:
            answer = front.get(f"/v1/runs/{recent.pop()}/events")
            tally.add("events", answer)

    def browse():
        tally.add("list", front.get("/v1/runs?limit=20"))
        tally.add("metrics", front.get("/metrics"))

    def invoke():
        body, _ = trigger_body(rng)
        body["steps"]["prepare"]["parameters"]["fail"] = False
        tally.add("invoke", front.post("/v1/pipelines/chaos/invoke?timeout=10", body))

    threads = [every(1 / 3, trigger), every(0.5, follow), every(1, browse), every(5, invoke)]

    started = time.monotonic()
    end = started + args.minutes * 60
    baseline, samples = None, []
    while time.monotonic() < end:
        time.sleep(min(30, max(0, end - time.monotonic())))
        workers = sorted(worker_pids(args.pool_pid))
        sample = {"front": rss_kib(args.front_pid)}
        for pid in workers:
            sample[f"worker {pid}"] = rss_kib(pid)
        samples.append(sample)
        elapsed = time.monotonic() - started
        if baseline is None and elapsed >= 60:
            baseline = sample
        print(f"soak: {elapsed / 60:5.1f} min " + " ".join(f"{name}={kib / 1024:.1f}MiB" for name, kib in sample.items() if kib),
              file=sys.stderr, flush=True)
    stop.set()
    for thread in threads:
        thread.join(timeout=40)

    final = samples[-1]
    baseline = baseline or samples[0]
    grown = []
    parts = []
    for name, start_kib in baseline.items():
        end_kib = final.get(name)
        if not start_kib or not end_kib:
            grown.append(f"{name} is gone")
            continue
        parts.append(f"{name.replace(' ', '_')}_rss_mib={start_kib / 1024:.1f}->{end_kib / 1024:.1f}")
        if end_kib - start_kib > max(8 * 1024, start_kib * 0.25):
            grown.append(f"{name} grew from {start_kib} to {end_kib} KiB")
    requests = sum(tally.counts.values())
    print(f"soak: minutes={args.minutes:g} requests={requests} bad_answers={len(tally.bad)} " + " ".join(parts))
    print("soak: answers " + " ".join(f"{k}={v}" for k, v in sorted(tally.counts.items())), file=sys.stderr)
    for line in tally.bad[:20]:
        print(f"BAD ANSWER {line}", file=sys.stderr)
    for line in grown:
        print(f"GREW {line}", file=sys.stderr)
    return 0 if not grown and not tally.bad else 1


if __name__ == "__main__":
    sys.exit(main())
