"""Assembles scripts/bench's figures (the JSON and CSV files of one run) into one table and the
PASS/FAIL target lines, prints both, and with --write puts them into BENCHMARKS.md together with the
machine, the versions, the load averages and the exact commands. Whatever follows the notes marker in
an existing BENCHMARKS.md (hand-written analysis) is kept."""
import argparse
import csv
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys

NOTES_MARKER = "<!-- Everything below this line is kept by scripts/bench when it rewrites the file. -->"
README_START = "<!-- scripts/bench --write rewrites from here"
README_END = "<!-- scripts/bench --write rewrites up to here -->"


def load(results: str, name: str) -> dict:
    path = os.path.join(results, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else {}


def merged(results: str, name: str, *suffixes: str) -> dict:
    data = load(results, name)
    for suffix in suffixes:
        data |= load(results, f"{name}.{suffix}")
    return data


def redis_benchmark(results: str, name: str) -> float:
    with open(os.path.join(results, name + ".csv")) as handle:
        row = next(csv.reader(handle))
    return float(row[1])


def command_output(*argv: str) -> str:
    try:
        completed = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        return (completed.stdout or completed.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"({error})"


def machine() -> list[str]:
    model = "unknown"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    debian = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    return [f"{os.cpu_count()} cores ({model}), {int(memory) // 1024 // 1024} GiB",
            f"Linux {platform.release()}, Debian {debian}"]


def versions(kickoff: str) -> list[str]:
    revision = command_output("git", "rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes)" if command_output("git", "status", "--porcelain", "--untracked-files=no") else ""
    swift = command_output("swift", "--version").splitlines()
    packages = ", ".join(f"{name} {importlib.metadata.version(name)}"
                         for name in ("fastapi", "uvicorn", "uvloop", "httptools", "pydantic", "rq", "celery", "redis"))
    return [
        f"Kickoff {revision}{dirty}, release build ({kickoff}); {swift[0] if swift else 'swift ?'}",
        command_output("redis-server", "--version"),
        command_output("wrk", "-v").splitlines()[0],
        f"Python {platform.python_version()}: {packages}",
    ]


class Report:
    def __init__(self, results: str):
        self.results = results
        self.rows: list[tuple[str, str, str, str]] = []
        self.targets: list[str] = []
        self.cpu_per_trigger: dict[str, dict[str, float]] = {}

    def row(self, test: str, system: str, figure: str, load_average) -> None:
        self.rows.append((test, system, figure, str(load_average)))

    def target(self, ok: bool, text: str) -> None:
        self.targets.append(f"{'PASS' if ok else 'FAIL'}  {text}")

    def build(self) -> None:
        r = self.results
        meta = load(r, "meta")

        # trigger
        trigger = {}
        for name, label in [("trigger_kickoff_native", "Kickoff POST /v1/pipelines/bench/runs"),
                            ("trigger_fastapi_1", "FastAPI + RQ, uvicorn 1 process"),
                            ("trigger_kickoff_zenml", "Kickoff POST /trigger (ZenML body)"),
                            ("trigger_fastapi_2", "FastAPI + RQ, uvicorn 2 processes")]:
            data = merged(r, name, "wrk")
            if not data:
                continue
            rate = data["requests"] / (data["duration_us"] / 1e6)
            ok_answers = data["requests"] - data["status_errors"]
            socket_errors = data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["timeouts"]
            stored = data["stored_runs"]
            if name.startswith("trigger_kickoff"):
                check = f"202s answered {data['answered_202']}, runs stored {stored}"
                self.target(stored == data["answered_202"] and data["status_errors"] == 0,
                            f"{label}: every 202 is a stored run ({stored} stored, {data['answered_202']} answered 202, "
                            f"{data['status_errors']} error answers; wrk saw {ok_answers} before it stopped)")
            else:
                check = f"jobs queued {stored}"
            trigger[name] = (rate, data["p99_us"] / 1000)
            if name.startswith("trigger_kickoff") and "front_cpu_s" in data and stored:
                # What a deployment is sized by (BENCHMARKS.md, "What a deployment needs").
                cpu = {"front": data["front_cpu_s"] * 1e6 / stored, "redis": data["redis_cpu_s"] * 1e6 / stored,
                       "scripts": data["redis_script_us"] / stored}
                self.cpu_per_trigger[name] = cpu
                check += (f"; CPU per trigger: front {cpu['front']:.0f} µs, Redis {cpu['redis']:.0f} µs "
                          f"(in scripts {cpu['scripts']:.0f} µs)")
            self.row("trigger (wrk -t2 -c64)", label,
                     f"{rate:,.0f} req/s, p50 {data['p50_us'] / 1000:.2f} ms, p99 {data['p99_us'] / 1000:.2f} ms; "
                     f"non-2xx {data['status_errors']}, socket errors {socket_errors}; {check}", data["load"])

        # drain
        drain = {}
        for name, label in [("drain_kickoff_1", "Kickoff, 1 worker (a process per step)"),
                            ("drain_rq_fork", "RQ default worker (fork per job), 2 processes"),
                            ("drain_kickoff_2", "Kickoff, 2 workers"),
                            ("drain_rq_simple", "RQ SimpleWorker, 2 processes"),
                            ("drain_kickoff_4", "Kickoff, 4 workers"),
                            ("drain_celery", "Celery prefork, concurrency 2")]:
            data = merged(r, name, "span")
            if not data:
                continue
            drain[name] = data["per_second"]
            figure = f"{data['per_second']:,.0f} runs/s ({data['jobs']} in {data['seconds']:.2f} s)"
            if "redis_cpu_s" in data and data.get("jobs"):
                figure += f"; Redis CPU per run {data['redis_cpu_s'] * 1e6 / data['jobs']:.0f} µs"
            self.row(f"drain ({meta.get('drain_runs')} queued)", label, figure, data["load"])

        # latency
        latency = {}
        for name, label in [("latency_kickoff", "Kickoff, 2 workers: trigger → step process started"),
                            ("latency_rq_fork", "RQ default worker: enqueue → job started"),
                            ("latency_rq_simple", "RQ SimpleWorker: enqueue → job started"),
                            ("latency_celery", "Celery prefork: enqueue → task started")]:
            data = merged(r, name, "figures")
            if not data:
                continue
            latency[name] = data
            figure = f"p50 {data['start_p50_ms']:.2f} ms, p99 {data['start_p99_ms']:.2f} ms"
            if "succeeded_p50_ms" in data:
                figure += f"; trigger → run succeeded p50 {data['succeeded_p50_ms']:.2f} ms, p99 {data['succeeded_p99_ms']:.2f} ms"
            self.row(f"latency (idle, {meta.get('latency_runs')} one at a time)", label, figure, data["load"])

        # memory
        front = load(r, "front_memory")
        redis_memory = load(r, "redis_memory")
        mb = lambda kb: f"{(kb or 0) / 1024:.1f} MB"  # noqa: E731
        if front:
            self.row("memory", "Kickoff front RSS (private part)",
                     f"idle {mb(front['idle_kb'])} ({mb(front.get('idle_private_kb'))}), after the trigger tests "
                     f"{mb(front['after_load_kb'])} ({mb(front.get('after_load_private_kb'))})", "")
        workers = {name: load(r, name) for name in ("latency_kickoff", "latency_rq_fork", "latency_rq_simple", "latency_celery")}
        rss = {name: data.get("worker_rss_kb") for name, data in workers.items()}
        own = {name: data.get("worker_private_kb") for name, data in workers.items()}
        if rss["latency_kickoff"]:
            self.row("memory", "worker RSS (private part), idle after the latency test",
                     f"Kickoff {mb(rss['latency_kickoff'])} ({mb(own['latency_kickoff'])}); "
                     f"RQ {mb(rss['latency_rq_fork'])} ({mb(own['latency_rq_fork'])}); "
                     f"RQ SimpleWorker {mb(rss['latency_rq_simple'])} ({mb(own['latency_rq_simple'])}); "
                     f"Celery prefork child {mb(rss['latency_celery'])} ({mb(own['latency_celery'])})", "")
        per_run = None
        if redis_memory:
            per_run = (redis_memory["after"] - redis_memory["before"]) / max(1, redis_memory["runs"])
            self.row("memory", f"Redis used_memory per queued run ({redis_memory['runs']:,} queued)",
                     f"{per_run:,.0f} bytes", "")
        # memory per queued and per finished run of the example's shape (four steps, logs and outputs)
        finished_memory = load(r, "redis_memory_finished")
        per_finished = None
        if finished_memory:
            runs = max(1, finished_memory["runs"])
            per_queued = (finished_memory["queued"] - finished_memory["before"]) / runs
            per_finished = (finished_memory["finished"] - finished_memory.get("before_finished", finished_memory["before"])) / runs
            real = finished_memory.get("real_runs")
            label = f" ({real:,} run to the end, the rest copies of one)" if real and real < runs else ""
            self.row("memory", f"Redis used_memory per run of four steps ({finished_memory['runs']:,} runs{label})",
                     f"queued {per_queued:,.0f} bytes, finished {per_finished:,.0f} bytes (one finished run's keys: packed "
                     f"{finished_memory.get('packed', 0):,}, record {finished_memory['record']:,}, folded events {finished_memory['history']:,}, event stream "
                     f"{finished_memory['events']:,}, logs {finished_memory['logs']:,})", "")

        # limit
        limit = load(r, "limit")
        ceiling = {}
        if limit:
            for name, label in [("limit_xadd", "XADD"), ("limit_evalsha", "EVALSHA of `return 1`")]:
                plain, piped = redis_benchmark(r, name), redis_benchmark(r, name + "_p16")
                ceiling[name] = plain
                self.row("limit (redis-benchmark -c 64)", label, f"{plain:,.0f}/s unpipelined, {piped:,.0f}/s with -P 16", limit["load"])
        http = merged(r, "limit_http", "wrk")
        http_ceiling = None
        if "requests" in http:
            rate = http_ceiling = http["requests"] / (http["duration_us"] / 1e6)
            self.row("limit (wrk -t2 -c64)", "Kickoff GET /healthz (no Redis): the HTTP ceiling of this front on these cores",
                     f"{rate:,.0f} req/s, p50 {http['p50_us'] / 1000:.2f} ms, p99 {http['p99_us'] / 1000:.2f} ms", http["load"])

        spawn = load(r, "spawn")
        spawn_rate = None
        if spawn:
            spawn_rate = spawn["spawns"] / (spawn["nanoseconds"] / 1e9)
            self.row(f"limit (C loop, {spawn['loops']} at once)", "posix_spawn + waitpid of /bin/true, nothing else: the spawn ceiling of these cores",
                     f"{spawn_rate:,.0f} spawns/s ({spawn['spawns']:,} in {spawn['nanoseconds'] / 1e9:.2f} s)", spawn["load"])

        # callgrind: instructions per request, from three runs of the front under valgrind
        callgrind = load(r, "callgrind")
        if callgrind.get("failed"):
            self.row("callgrind", "Kickoff front, instructions per request", f"not measured: valgrind failed ({callgrind['failed']})", "")
        elif callgrind:
            base = load(r, "callgrind_base").get("instructions", 0)
            per = {}
            for name in ("trigger", "healthz"):
                total = load(r, f"callgrind_{name}").get("instructions", 0)
                done = load(r, f"callgrind_{name}.requests")
                if total and base and done.get("ok") == callgrind["requests"]:
                    per[name] = (total - base) / callgrind["requests"]
            if len(per) == 2:
                self.row(f"callgrind ({callgrind['requests']:,} sequential requests)", "Kickoff front, instructions per request",
                         f"POST /v1/pipelines/bench/runs {per['trigger']:,.0f}; GET /healthz {per['healthz']:,.0f} "
                         f"(a trigger = {per['trigger'] / per['healthz']:.1f} × /healthz)", "")

        # claim: the claim script's Redis time (SLOWLOG), with and without runs blocked on one concurrency key
        for name, label in [("claim_empty", "none blocked"), ("claim_blocked", "50,000 blocked on one key")]:
            claim = load(r, name)
            if claim:
                c = claim["claims"]
                self.row("claim (2 workers, SLOWLOG)", f"Kickoff claim script, {label} ({claim['waiting']} waiting)",
                         f"{c['claims']} claims: mean {c['mean_us']} µs, p50 {c['p50_us']} µs, p99 {c['p99_us']} µs", claim["load"])

        # targets
        fastapi = [trigger[n] for n in ("trigger_fastapi_1", "trigger_fastapi_2") if n in trigger]
        if fastapi and "trigger_kickoff_native" in trigger:
            best_rate, best_p99 = max(fastapi)
            rate, p99 = trigger["trigger_kickoff_native"]
            ceiling_note = "" if http_ceiling is None else f" (GET /healthz, no Redis, on the same front: {http_ceiling:,.0f} req/s)"
            self.target(rate >= 10 * best_rate, f"triggers/s ≥ 10 × the best FastAPI configuration: {rate:,.0f} vs "
                        f"{best_rate:,.0f} req/s = {rate / best_rate:.1f} ×{ceiling_note}")
            self.target(p99 <= best_p99 / 5, f"trigger p99 ≤ 1/5 of FastAPI's: {p99:.2f} ms vs {best_p99:.2f} ms = 1/{best_p99 / p99:.1f}")
        if http_ceiling and "trigger_kickoff_native" in trigger:
            rate = trigger["trigger_kickoff_native"][0]
            self.target(rate >= 0.6 * http_ceiling, f"triggers/s ≥ 60 % of the front's own GET /healthz: {rate:,.0f} vs "
                        f"{http_ceiling:,.0f} req/s = {100 * rate / http_ceiling:.0f} %")
        if "drain_kickoff_2" in drain:
            ours = drain["drain_kickoff_2"]
            if "drain_rq_fork" in drain:
                self.target(ours >= 5 * drain["drain_rq_fork"], f"drain, 2 processes, ≥ 5 × RQ's default worker: {ours:,.0f} vs "
                            f"{drain['drain_rq_fork']:,.0f} runs/s = {ours / drain['drain_rq_fork']:.1f} ×")
            if "drain_celery" in drain:
                self.target(ours >= drain["drain_celery"], f"drain, 2 processes, ≥ 1 × Celery prefork: {ours:,.0f} vs "
                            f"{drain['drain_celery']:,.0f} runs/s = {ours / drain['drain_celery']:.2f} ×")
        if "drain_kickoff_2" in drain and spawn_rate:
            ours = drain["drain_kickoff_2"]
            self.target(ours >= 0.6 * spawn_rate, f"drain, 2 workers, ≥ 60 % of the spawn ceiling: {ours:,.0f} runs/s vs "
                        f"{spawn_rate:,.0f} spawns/s = {100 * ours / spawn_rate:.0f} %")
        if "latency_kickoff" in latency:
            p50 = latency["latency_kickoff"]["start_p50_ms"]
            self.target(p50 <= 2, f"idle trigger → step started p50 ≤ 2 ms: {p50:.2f} ms")
            if "latency_celery" in latency:
                celery = latency["latency_celery"]["start_p50_ms"]
                self.target(p50 <= celery, f"idle trigger → step process started p50 ≤ Celery prefork's enqueue → task started p50: "
                            f"{p50:.2f} vs {celery:.2f} ms")
        if rss["latency_kickoff"]:
            self.target(rss["latency_kickoff"] <= 15 * 1024, f"worker RSS idle ≤ 15 MB: {mb(rss['latency_kickoff'])} "
                        f"(its own, unshared part: {mb(own['latency_kickoff'])})")
        if front:
            self.target(front["after_load_kb"] <= 60 * 1024, f"front RSS after load ≤ 60 MB: {front['after_load_kb'] / 1024:.1f} MB")
        if per_run is not None:
            self.target(per_run <= 1024, f"Redis memory per queued run ≤ 1 KB: {per_run:,.0f} bytes")
        if per_finished is not None:
            self.target(per_finished <= 1536, f"Redis memory per finished run (four steps, logs) ≤ 1.5 KB: {per_finished:,.0f} bytes")

    def table(self) -> str:
        lines = ["| test | system | result | load (1 min) |", "|---|---|---|---|"]
        lines += [f"| {test} | {system} | {figure} | {load} |" for test, system, figure, load in self.rows]
        return "\n".join(lines)


def write_markdown(path: str, report: Report, results: str, kickoff: str) -> None:
    meta = load(results, "meta")
    end = load(results, "meta_end")
    notes = ""
    if os.path.exists(path):
        text = open(path).read()
        if NOTES_MARKER in text:
            notes = text.split(NOTES_MARKER, 1)[1].strip("\n")
    commands = open(os.path.join(results, "commands.txt")).read().strip()
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = [
        "# Kickoff benchmarks",
        "",
        f"Written by `scripts/bench{' --quick' if meta.get('mode') == 'quick' else ''}` on {when}. "
        "Reproduce with `scripts/bench` (`--quick` for a short run; `KICKOFF_BIN=…` to skip the release build). "
        "Every figure below comes from this one run, Kickoff and its peers alternating on the same machine "
        "and the same private Redis.",
        "",
        "## Machine and versions",
        "",
        *[f"- {line}" for line in machine() + versions(kickoff)],
        f"- load average (1 min): {meta.get('load_start')} at the start, {end.get('load_end')} at the end; each row below has its own",
        "",
        "## Results",
        "",
        report.table(),
        "",
        "## Targets",
        "",
        "```",
        *report.targets,
        "```",
        "",
        "## Commands",
        "",
        "`$REDIS_PORT` is the private redis-server scripts/bench started; `$WORK` its temporary directory.",
        "",
        "```sh",
        commands,
        "```",
        "",
        NOTES_MARKER,
        "",
        notes,
        "",
    ]
    open(path, "w").write("\n".join(body).rstrip("\n") + "\n")


def write_readme(path: str, report: "Report", kickoff: str) -> None:
    """Puts the run's table and targets into the README between its two markers (the README's
    figures come from this script, never copied by hand), naming the date and the commit."""
    text = open(path).read()
    if README_START not in text or README_END not in text:
        raise SystemExit(f"{path} lacks the scripts/bench markers")
    head, rest = text.split(README_START, 1)
    start_line, rest = rest.split("\n", 1)
    _, tail = rest.split(README_END, 1)
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = command_output("git", "rev-parse", "--short", "HEAD")
    block = [
        f"The run committed now (`scripts/bench`, {when}, commit {commit}, release build `{os.path.basename(kickoff)}`,",
        f"{os.cpu_count()} cores; the last column is the 1-minute load average, about 0–2 on this machine when quiet):",
        "",
        report.table(),
        "",
        "```",
        *report.targets,
        "```",
        "",
    ]
    open(path, "w").write(head + README_START + start_line + "\n" + "\n".join(block) + README_END + tail)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", required=True)
    parser.add_argument("--kickoff", required=True)
    parser.add_argument("--redis-port")
    parser.add_argument("--write")
    parser.add_argument("--readme")
    args = parser.parse_args()
    report = Report(args.results)
    report.build()
    print(report.table())
    print()
    print("\n".join(report.targets))
    if args.write:
        write_markdown(args.write, report, args.results, args.kickoff)
        print(f"\nwritten to {args.write}", file=sys.stderr)
    if args.readme:
        write_readme(args.readme, report, args.kickoff)
        print(f"written to {args.readme} (its How fast table)", file=sys.stderr)


if __name__ == "__main__":
    main()
