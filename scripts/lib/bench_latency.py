"""Idle-system latency, one job at a time, printed as JSON (nanosecond clocks of this machine).

  kickoff: POST a run of a one-step pipeline whose step is `date +%s%N` (it prints the moment its
           process started); wait for `run.succeeded` on the events channel. Trigger → step started
           is that printed time (read back from the run's logs) minus the time just before the POST;
           trigger → succeeded is when the event arrived minus that same time.
  rq | celery: enqueue `record_start(now)`; the job pushes (enqueued, its own start time) to a list
           the driver waits on: enqueue → start, measured the same way.
"""
import argparse
import http.client
import json
import os
import sys
import time

from redis import Redis
from resp import unpack_run

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench_peers"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(name: str, nanoseconds: list[int]) -> dict:
    ms = [n / 1e6 for n in nanoseconds]
    return {f"{name}_p50_ms": round(percentile(ms, 50), 3), f"{name}_p99_ms": round(percentile(ms, 99), 3),
            f"{name}_count": len(ms)}


def kickoff(args: argparse.Namespace, redis: Redis) -> dict:
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(args.prefix + "events")
    connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    body = json.dumps({"steps": {"train_model": {"parameters": {"model_type": "gradient_boosting"}}}})
    headers = {"Content-Type": "application/json", "X-API-Key": args.key}
    runs = []
    for _ in range(args.runs):
        before = time.time_ns()
        connection.request("POST", f"/v1/pipelines/{args.pipeline}/runs", body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        if response.status != 202:
            sys.exit(f"bench_latency: trigger answered {response.status}: {answer[:300]!r}")
        run_id = json.loads(answer)["id"]
        deadline = time.monotonic() + 30
        while True:
            message = pubsub.get_message(timeout=max(0.0, deadline - time.monotonic()))
            if message is None:
                if time.monotonic() >= deadline:
                    sys.exit(f"bench_latency: run {run_id} did not succeed within 30 s")
                continue
            event = json.loads(message["data"])
            if event.get("run_id") == run_id and event.get("type") in ("run.succeeded", "run.failed"):
                if event["type"] != "run.succeeded":
                    sys.exit(f"bench_latency: run {run_id} failed: {event}")
                break
        runs.append((run_id, before, time.time_ns()))
    started, succeeded = [], []
    for run_id, before, done in runs:
        log = redis.hget(f"{args.prefix}logs:{run_id}", "train_model")
        if log is None:  # packed with the finished run (`{ns}:done:<id>`)
            packed = unpack_run(redis.get(f"{args.prefix}done:{run_id}") or b"")
            log = ((packed[2] or {}) if packed else {}).get("train_model")
        started.append(int(log.split()[0]) - before)
        succeeded.append(done - before)
    return summary("start", started) | summary("succeeded", succeeded)


def peer(args: argparse.Namespace, redis: Redis) -> dict:
    redis.delete("bench:started")
    if args.mode == "rq":
        from rq import Queue
        queue = Queue("latency", connection=redis)
        enqueue = lambda now: queue.enqueue("jobs.record_start", now)  # noqa: E731
    else:
        import celery_app
        enqueue = lambda now: celery_app.record_start.delay(now)  # noqa: E731
    started = []
    for _ in range(args.runs):
        enqueue(time.time_ns())
        reply = redis.blpop("bench:started", timeout=60)
        if reply is None:
            sys.exit(f"bench_latency: the {args.mode} job did not start within 60 s")
        enqueued, start = map(int, reply[1].split())
        started.append(start - enqueued)
    return summary("start", started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["kickoff", "rq", "celery"])
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--port", type=int)
    parser.add_argument("--key")
    parser.add_argument("--pipeline", default="bench_latency")
    parser.add_argument("--prefix", default="{kickoff}:")
    args = parser.parse_args()
    redis = Redis.from_url(args.redis_url, socket_timeout=120)
    result = kickoff(args, redis) if args.mode == "kickoff" else peer(args, redis)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
