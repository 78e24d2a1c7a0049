"""Load and checks for Kickoff's reliability scripts (scripts/chaos, scripts/outage). Stdlib only.

    reliability.py submit --url URL --key KEY --runs N --rate R --out submissions.jsonl
        triggers N runs of the `chaos` pipeline (scripts/lib/load-pipeline) at a steady rate, one
        line per request: its answer code (null for a connection error), run id, Retry-After.
    reliability.py kill-workers --pool PID --every S --out kills.jsonl
        SIGKILLs one random live worker of that `kickoff pool` every S seconds until TERM.
    reliability.py wait --redis-port P --submissions FILE --timeout S
        waits until every accepted run is in a final state (or the timeout).
    reliability.py check --url URL --key KEY --redis-port P --submissions FILE [--kills FILE]
                         [--allowed 202,503,error]
        checks every accepted run, prints one summary line and exits 1 on any loss.
    wait and check take --partitions N (KICKOFF_PARTITIONS: a run's keys are on `{kickoff:<i>}`) and
    --cluster-ports P,… (a Redis Cluster's nodes: each command goes to its slot's primary).

A run is lost when its trigger was answered 202 and it is missing, not final, in a final state its
own steps did not choose (only runs triggered with fail=true may fail), or lacks a step's output or
log. It is double-finished when its event stream holds more than one final event.
Recovery time: from the SIGKILL of a worker to the `run.running` event of the attempt that took its
orphaned run over (Redis stream ids are the server's milliseconds; same machine, same clock).
"""
import argparse
import json
import os
import random
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from front_client import Front  # noqa: E402
from resp import ClusterRedis, run_event_entries, run_status  # noqa: E402

FINAL = ("succeeded", "failed", "canceled")


def run_prefix(run_id, partitions):
    """The key prefix of the run's partition (RunPartitions in KickoffModel): the id's last byte modulo N."""
    if partitions <= 1:
        return "{kickoff}:"
    try:
        byte = int(run_id[-2:], 16)
    except ValueError:
        byte = 0
    return "{kickoff:%d}:" % (byte % partitions)


def redis_of(args):
    ports = [int(p) for p in (args.cluster_ports or "").split(",") if p]
    return ClusterRedis(args.redis_port, ports=ports)


# ---------------------------------------------------------------- submit

def trigger_body(rng):
    """A run of the chaos pipeline: steps of 50–500 ms; one in 20 asks its first step to fail."""
    fail = rng.random() < 0.05
    return {
        "steps": {
            "prepare": {"parameters": {"sleep_ms": rng.randint(50, 500), "fail": fail}},
            "finish": {"parameters": {"sleep_ms": rng.randint(50, 500)}},
        },
        "tags": ["reliability"],
    }, fail


def submit(args):
    front = Front(args.url, args.key)
    rng = random.Random(args.seed)
    plans = [trigger_body(rng) for _ in range(args.runs)]
    lock = threading.Lock()
    next_index = [0]
    out = open(args.out, "a", buffering=1)
    start = time.monotonic()

    def loop():
        while True:
            with lock:
                index = next_index[0]
                if index >= len(plans):
                    return
                next_index[0] += 1
            due = start + index / args.rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            body, fail = plans[index]
            sent = time.time()
            answer = front.post("/v1/pipelines/chaos/runs", body)
            record = {"index": index, "at": sent, "code": answer.code, "fail": fail,
                      "retry_after": answer.headers.get("retry-after"), "error": answer.error}
            payload = answer.json() if answer.code == 202 else None
            record["run_id"] = payload.get("id") if isinstance(payload, dict) else None
            if answer.code not in (202, None):
                record["body"] = answer.body[:300].decode(errors="replace")
            with lock:
                out.write(json.dumps(record) + "\n")

    threads = [threading.Thread(target=loop) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.close()
    return 0


# ---------------------------------------------------------------- kill-workers

def worker_pids(pool_pid):
    """The pool's `kickoff worker` children (not the orphaned step processes it also adopts)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            if int(fields[1]) != pool_pid or fields[0] == "Z":
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                argv = cmdline.read().split(b"\0")
            if len(argv) > 1 and argv[1] == b"worker":
                pids.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return pids


def kill_workers(args):
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    rng = random.Random(args.seed)
    with open(args.out, "a", buffering=1) as out:
        while not stop.wait(args.every):
            pids = worker_pids(args.pool)
            if not pids:
                continue
            pid = rng.choice(pids)
            at = time.time()
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
            out.write(json.dumps({"pid": pid, "at": at}) + "\n")
    return 0


# ---------------------------------------------------------------- wait

def read_jsonl(path):
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def accepted_runs(submissions):
    return [s for s in submissions if s["code"] == 202 and s.get("run_id")]


def wait(args):
    runs = accepted_runs(read_jsonl(args.submissions))
    redis = redis_of(args)
    pending = {s["run_id"] for s in runs}
    deadline = time.monotonic() + args.timeout
    while pending and time.monotonic() < deadline:
        for run_id in list(pending):
            if run_status(redis, run_prefix(run_id, args.partitions), run_id) in FINAL:
                pending.discard(run_id)
        if pending:
            time.sleep(0.5)
    print(f"wait: {len(runs) - len(pending)} of {len(runs)} accepted runs are final", file=sys.stderr)
    return 0 if not pending else 1


# ---------------------------------------------------------------- check

def run_events(redis, run_id, partitions):
    """[(ms, type, data)] of the run's events (its folded history once it finished, else its stream)."""
    return [(int(entry_id.split("-")[0]), kind, json.loads(data))
            for entry_id, kind, data in run_event_entries(redis, run_prefix(run_id, partitions), run_id)]


def output_problems(run, run_id, logs):
    """What is missing from a succeeded run's step outputs and logs."""
    problems = []
    steps = {step["name"]: step for step in run.get("steps", [])}
    prepare = (steps.get("prepare") or {}).get("output") or {}
    outputs = run.get("outputs") or {}
    if prepare.get("run") != run_id or prepare.get("step") != "prepare":
        problems.append(f"prepare output {prepare!r}")
    if outputs.get("run") != run_id or outputs.get("step") != "finish":
        problems.append(f"run outputs {outputs!r}")
    if ((outputs.get("inputs") or {}).get("prepare") or {}).get("run") != run_id:
        problems.append("finish did not get prepare's output as its input")
    if prepare.get("attempt") != run.get("attempt") or outputs.get("attempt") != run.get("attempt"):
        problems.append(f"outputs from another attempt than the final one ({run.get('attempt')})")
    for name in ("prepare", "finish"):
        if (steps.get(name) or {}).get("status") != "succeeded":
            problems.append(f"step {name} is {(steps.get(name) or {}).get('status')}")
        if f"step {name} done" not in logs:
            problems.append(f"log of step {name} missing")
    return problems


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def recovery_times(events_by_run, kills):
    """Seconds from each worker's SIGKILL to its orphaned run running again."""
    kills_by_pid = {}
    for kill in kills:
        kills_by_pid.setdefault(kill["pid"], []).append(kill["at"])
    times = []
    for events in events_by_run.values():
        holder = None
        for position, (ms, kind, data) in enumerate(events):
            if kind == "run.running":
                holder = data.get("worker")
            elif kind == "run.queued" and data.get("reason") == "lease expired" and holder:
                pid = int(holder.rsplit("/", 1)[-1]) if holder.rsplit("/", 1)[-1].isdigit() else None
                killed = [at for at in kills_by_pid.get(pid, []) if at <= ms / 1000 + 0.001]
                resumed = next((later_ms for later_ms, later_kind, _ in events[position:] if later_kind == "run.running"), None)
                if killed and resumed:
                    times.append(resumed / 1000 - max(killed))
    return times


def check(args):
    submissions = read_jsonl(args.submissions)
    kills = read_jsonl(args.kills)
    allowed = set(args.allowed.split(","))
    front = Front(args.url, args.key)
    redis = redis_of(args)
    codes = {}
    unexpected = []
    for s in submissions:
        label = "error" if s["code"] is None else str(s["code"])
        codes[label] = codes.get(label, 0) + 1
        if label not in allowed:
            unexpected.append(s)
        elif label == "503" and not s.get("retry_after"):
            unexpected.append(dict(s, problem="503 without Retry-After"))
    runs = accepted_runs(submissions)
    lost, double_finished, failed_by_choice, succeeded = [], [], 0, 0
    events_by_run = {}
    for s in runs:
        run_id = s["run_id"]
        events = run_events(redis, run_id, args.partitions)
        events_by_run[run_id] = events
        finals = [kind for _, kind, _ in events if kind in ("run.succeeded", "run.failed", "run.canceled")]
        if len(finals) > 1:
            double_finished.append((run_id, finals))
        answer = front.get(f"/v1/runs/{run_id}")
        run = answer.json() if answer.code == 200 else None
        if not run:
            lost.append((run_id, f"GET answered {answer.code} {answer.error or ''}"))
            continue
        status = run.get("status")
        if s["fail"]:
            # Its last attempt may also have been one whose worker was killed: failed either way.
            if status != "failed":
                lost.append((run_id, f"asked to fail in prepare, is {status} {run.get('error')}"))
            else:
                failed_by_choice += 1
            continue
        if status != "succeeded":
            lost.append((run_id, f"status {status}, attempt {run.get('attempt')}, error {run.get('error')}"))
            continue
        logs = front.get(f"/v1/runs/{run_id}/logs")
        problems = output_problems(run, run_id, logs.body.decode(errors="replace") if logs.code == 200 else "")
        if problems:
            lost.append((run_id, "; ".join(problems)))
            continue
        succeeded += 1
    reclaimed = sum(1 for events in events_by_run.values() for _, kind, data in events
                    if kind == "run.queued" and data.get("reason") == "lease expired")
    recoveries = recovery_times(events_by_run, kills)
    if not kills and reclaimed:
        # Without killed workers a reclaim is worth a look: when did the leases run out?
        times = sorted(time.strftime("%H:%M:%S", time.localtime(ms / 1000)) for events in events_by_run.values()
                       for ms, kind, data in events if kind == "run.queued" and data.get("reason") == "lease expired")
        print(f"leases expired (runs taken over) at: {' '.join(times[:20])}", file=sys.stderr)
    for run_id, why in lost[:20]:
        print(f"LOST {run_id}: {why}", file=sys.stderr)
    for run_id, finals in double_finished[:20]:
        print(f"DOUBLE FINISH {run_id}: {finals}", file=sys.stderr)
    for s in unexpected[:20]:
        print(f"UNEXPECTED ANSWER: {json.dumps(s)}", file=sys.stderr)
    code_text = ",".join(f"{code}:{count}" for code, count in sorted(codes.items()))
    print(f"{args.name}: runs={len(runs)} succeeded={succeeded} failed_by_choice={failed_by_choice} "
          f"lost={len(lost)} double_finished={len(double_finished)} reclaimed={reclaimed} "
          f"kills={len(kills)} p50_recovery_s={percentile(recoveries, 0.5):.2f} "
          f"p99_recovery_s={percentile(recoveries, 0.99):.2f} answers={code_text} unexpected_answers={len(unexpected)}")
    over = args.max_reclaimed is not None and reclaimed > args.max_reclaimed
    if over:
        print(f"TAKEN OVER: {reclaimed} runs were taken over from their worker (at most {args.max_reclaimed} expected)",
              file=sys.stderr)
    poisoned = True
    if args.poison:
        # A step that kills its worker every time: failed after max_reclaims, saying so, never retried forever.
        deadline = time.time() + 120
        run = None
        while time.time() < deadline:
            answer = front.get(f"/v1/runs/{args.poison}")
            run = answer.json() if answer.code == 200 else None
            if run and run.get("status") in FINAL:
                break
            time.sleep(0.5)
        message = ((run or {}).get("error") or {}).get("message", "")
        poisoned = bool(run) and run.get("status") == "failed" and "max_reclaims" in message
        print(f"{args.name}: poison pill {args.poison}: {'ok' if poisoned else 'NOT STOPPED'}, status "
              f"{(run or {}).get('status')}, reclaims {(run or {}).get('reclaims')}, error: {message}")
    ok = not lost and not double_finished and not unexpected and not over and runs and poisoned
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("submit")
    p.add_argument("--url", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--rate", type=float, default=5.0, help="triggers per second")
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p = commands.add_parser("kill-workers")
    p.add_argument("--pool", type=int, required=True)
    p.add_argument("--every", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=2)
    p.add_argument("--out", required=True)
    p = commands.add_parser("wait")
    p.add_argument("--redis-port", type=int, required=True)
    p.add_argument("--submissions", required=True)
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--partitions", type=int, default=1)
    p.add_argument("--cluster-ports", default="")
    p = commands.add_parser("check")
    p.add_argument("--name", default="check")
    p.add_argument("--url", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--redis-port", type=int, required=True)
    p.add_argument("--submissions", required=True)
    p.add_argument("--kills")
    p.add_argument("--allowed", default="202", help="answer codes a trigger may get (error: connection error)")
    p.add_argument("--max-reclaimed", type=int, help="fail when more runs were taken over from their worker")
    p.add_argument("--poison", help="a run of the poison pipeline: it must end failed after max_reclaims")
    p.add_argument("--partitions", type=int, default=1)
    p.add_argument("--cluster-ports", default="")
    args = parser.parse_args()
    return {"submit": submit, "kill-workers": kill_workers, "wait": wait, "check": check}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
