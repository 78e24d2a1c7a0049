"""The drain test's Redis side, printed as JSON.

  wait-count KEY FIELD TARGET   polls HGET KEY FIELD (or GET KEY without FIELD) every 5 ms until it
                                reaches TARGET; prints {"seconds"} from the moment it was started
                                (the workers are started right after it).
  span kickoff|rq|celery         after a drain: checks every job ran, and prints {"jobs", "seconds",
                                "per_second"} from the first job's start to the last one's end as
                                each system stored them (Kickoff's run records, RQ's job hashes,
                                the Celery task's own notes)
  rq-enqueue N                  queues N no-op jobs on RQ's "drain" queue (pipelined, 1,000 at a time)
  celery-enqueue N              queues N counting no-op tasks on Celery's queue
"""
import argparse
import json
import os
import sys
import time

from redis import Redis

from resp import unpack_run

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench_peers"))


def wait_count(redis: Redis, key: str, field: str | None, target: int, timeout: float) -> dict:
    started = time.monotonic()
    while True:
        value = redis.hget(key, field) if field else redis.get(key)
        if value is not None and int(value) >= target:
            return {"seconds": round(time.monotonic() - started, 3)}
        if time.monotonic() - started > timeout:
            sys.exit(f"bench_drain: {key} {field or ''} reached {value} of {target} in {timeout} s")
        time.sleep(0.005)


def span_kickoff(redis: Redis) -> tuple[int, float]:
    # A finished run is packed into `{kickoff}:done:<id>` (deflated) once its worker compacts it; a
    # run not compacted yet still has its hash.
    ids = redis.zrange("{kickoff}:runs", 0, -1)
    pipe = redis.pipeline(transaction=False)
    for run_id in ids:
        pipe.hmget(b"{kickoff}:run:" + run_id, "status", "started_at", "finished_at")
        pipe.get(b"{kickoff}:done:" + run_id)
    replies = pipe.execute()
    rows = []
    for hashed, packed in zip(replies[0::2], replies[1::2]):
        if hashed[0] is None and packed is not None:
            fields = (unpack_run(packed) or ({},))[0]
            hashed = [fields.get(name, "").encode() or None for name in ("status", "started_at", "finished_at")]
        rows.append(hashed)
    bad = [row[0] for row in rows if row[0] != b"succeeded"]
    if bad:
        sys.exit(f"bench_drain: {len(bad)} runs did not succeed (e.g. {bad[0]!r})")
    first = min(int(row[1]) for row in rows)
    last = max(int(row[2]) for row in rows)
    return len(rows), (last - first) / 1000


def span_rq(redis: Redis) -> tuple[int, float]:
    from datetime import datetime
    failed = redis.zcard("rq:failed:drain")
    if failed or redis.llen("rq:queue:drain"):
        sys.exit(f"bench_drain: RQ left {redis.llen('rq:queue:drain')} jobs queued, {failed} failed")
    ids = redis.zrange("rq:finished:drain", 0, -1)
    pipe = redis.pipeline(transaction=False)
    for job_id in ids:
        pipe.hmget(b"rq:job:" + job_id, "started_at", "ended_at")
    rows = pipe.execute()
    parse = lambda text: datetime.fromisoformat(text.decode().replace("Z", "+00:00")).timestamp()  # noqa: E731
    first = min(parse(row[0]) for row in rows)
    last = max(parse(row[1]) for row in rows)
    return len(rows), last - first


def span_celery(redis: Redis) -> tuple[int, float]:
    first, last, done = (int(value) for value in redis.mget("bench:first", "bench:last", "bench:done"))
    return done, (last - first) / 1e9


def span(redis: Redis, system: str, expected: int | None) -> dict:
    jobs, seconds = {"kickoff": span_kickoff, "rq": span_rq, "celery": span_celery}[system](redis)
    if expected is not None and jobs != expected:
        sys.exit(f"bench_drain: {jobs} {system} jobs ran, expected {expected}")
    return {"jobs": jobs, "seconds": round(seconds, 3), "per_second": round(jobs / seconds, 1)}


def rq_enqueue(redis: Redis, count: int) -> dict:
    from rq import Queue
    queue = Queue("drain", connection=redis)
    started = time.monotonic()
    for offset in range(0, count, 1000):
        jobs = [Queue.prepare_data("jobs.noop") for _ in range(min(1000, count - offset))]
        queue.enqueue_many(jobs)
    return {"queued": queue.count, "seconds": round(time.monotonic() - started, 3)}


def celery_enqueue(count: int) -> dict:
    import celery_app
    started = time.monotonic()
    with celery_app.app.producer_or_acquire() as producer:
        for _ in range(count):
            celery_app.count.apply_async(producer=producer)
    return {"queued": count, "seconds": round(time.monotonic() - started, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis-url", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    wait = sub.add_parser("wait-count")
    wait.add_argument("key")
    wait.add_argument("field", nargs="?")
    wait.add_argument("--target", type=int, required=True)
    wait.add_argument("--timeout", type=float, default=600)
    spans = sub.add_parser("span")
    spans.add_argument("system", choices=["kickoff", "rq", "celery"])
    spans.add_argument("--expected", type=int)
    for name in ("rq-enqueue", "celery-enqueue"):
        sub.add_parser(name).add_argument("count", type=int)
    args = parser.parse_args()
    redis = Redis.from_url(args.redis_url, socket_timeout=120)
    if args.command == "wait-count":
        result = wait_count(redis, args.key, args.field, args.target, args.timeout)
    elif args.command == "span":
        result = span(redis, args.system, args.expected)
    elif args.command == "rq-enqueue":
        result = rq_enqueue(redis, args.count)
    else:
        result = celery_enqueue(args.count)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
