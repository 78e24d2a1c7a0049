"""Helpers of scripts/bench --scale (redis-py, from .venv-bench).

  bench_scale.py --redis-url URL copy-finished --template ID --count N
      copies one finished run (stored by the real scripts: packed, or its record, folded events, logs) N times
      under new run ids, with their index entries, in batches of one script call each: a faithful
      store of N finished runs in a minute instead of hours of running them
  bench_scale.py --redis-url URL idle --seconds S
      Redis's commands per second, EVALSHA calls per second and CPU (used_cpu_sys + used_cpu_user,
      seconds per second) over S seconds, from INFO before and after; prints JSON
"""
import argparse
import json
import time

import redis
from copy_finished import COPY, run_id
from resp import unpack_run


def copy_finished(client: redis.Redis, template: str, count: int, prefix: str = "{kickoff}:", batch: int = 2000) -> None:
    copy = client.register_script(COPY)
    fields = client.hgetall(f"{prefix}run:{template}")
    if not fields:  # packed once it finished
        fields = unpack_run(client.get(f"{prefix}done:{template}"))[0]
        fields = {key.encode(): value.encode() for key, value in fields.items()}
    created, pipeline = int(fields[b"created_at"]), fields[b"pipeline"].decode()
    # Older than the template, one millisecond apart: the newest runs stay the real ones.
    start = created - count - 1000
    done = 0
    while done < count:
        size = min(batch, count - done)
        ids = [run_id(start + done + i) for i in range(size)]
        copy(keys=[], args=[prefix, template, 7 * 24 * 3600, start + done, pipeline] + ids)
        done += size
    print(json.dumps({"copied": done}))


def idle(client: redis.Redis, seconds: float) -> None:
    def sample():
        stats, cpu, commands = client.info("stats"), client.info("cpu"), client.info("commandstats")
        evalsha = commands.get("cmdstat_evalsha", {}).get("calls", 0)
        return time.monotonic(), stats["total_commands_processed"], cpu["used_cpu_sys"] + cpu["used_cpu_user"], evalsha
    t0, commands0, cpu0, evalsha0 = sample()
    time.sleep(seconds)
    t1, commands1, cpu1, evalsha1 = sample()
    span = t1 - t0
    # The samples' own INFO calls (three each) are not the fleet's.
    print(json.dumps({"seconds": round(span, 1), "ops_per_s": round((commands1 - commands0 - 3) / span, 1),
                      "evalsha_per_s": round((evalsha1 - evalsha0) / span, 1),
                      "cpu_percent": round(100 * (cpu1 - cpu0) / span, 2)}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis-url", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    copy = sub.add_parser("copy-finished")
    copy.add_argument("--template", required=True)
    copy.add_argument("--count", type=int, required=True)
    wait = sub.add_parser("idle")
    wait.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis_url)
    if args.command == "copy-finished":
        copy_finished(client, args.template, args.count)
    else:
        idle(client, args.seconds)


if __name__ == "__main__":
    main()
