"""Helpers of scripts/bench --scale (redis-py, from .venv-bench).

  bench_scale.py --redis-url URL copy-finished --template ID --count N
      copies one finished run (stored by the real scripts: its record, folded events, logs) N times
      under new run ids, with their index entries, in batches of one script call each: a faithful
      store of N finished runs in a minute instead of hours of running them
  bench_scale.py --redis-url URL idle --seconds S
      Redis's commands per second, EVALSHA calls per second and CPU (used_cpu_sys + used_cpu_user,
      seconds per second) over S seconds, from INFO before and after; prints JSON
"""
import argparse
import json
import os
import time

import redis
from resp import unpack_run

COPY = """
-- ARGV[1] key prefix   ARGV[2] template run id   ARGV[3] retention (s)   ARGV[4] first index score (ms)
-- ARGV[5] the template's pipeline   ARGV[6..] the new run ids
local prefix, template, retention = ARGV[1], ARGV[2], ARGV[3]
local record = redis.call('HGETALL', prefix .. 'run:' .. template)
local logs = redis.call('HGETALL', prefix .. 'logs:' .. template)
local history = redis.call('GET', prefix .. 'history:' .. template)
-- A packed finished run (`{ns}:done:<id>`) holds no id of its own: the same value fits every copy.
local packed = redis.call('GET', prefix .. 'done:' .. template)
local pipeline = ARGV[5]
local score = tonumber(ARGV[4])
for i = 6, #ARGV do
  local id = ARGV[i]
  if packed then redis.call('SET', prefix .. 'done:' .. id, packed, 'EX', retention) end
  local run = prefix .. 'run:' .. id
  if #record > 0 then
    redis.call('HSET', run, unpack(record))
    redis.call('HSET', run, 'id', id)
    redis.call('EXPIRE', run, retention)
  end
  if #logs > 0 then
    redis.call('HSET', prefix .. 'logs:' .. id, unpack(logs))
    redis.call('EXPIRE', prefix .. 'logs:' .. id, retention)
  end
  -- The folded events hold the run id as a marker, not spelled out: the same text fits every copy.
  if history then redis.call('SET', prefix .. 'history:' .. id, history, 'EX', retention) end
  redis.call('ZADD', prefix .. 'runs', score + i, id)
  redis.call('ZADD', prefix .. 'runs:pipeline:' .. pipeline, score + i, id)
end
return #ARGV - 5
"""


def run_id(milliseconds: int) -> str:
    """A run id as Kickoff makes them (UUID version 7: time first, then random)."""
    raw = bytearray(milliseconds.to_bytes(6, "big") + os.urandom(10))
    raw[6] = (raw[6] & 0x0F) | 0x70
    raw[8] = (raw[8] & 0x3F) | 0x80
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def copy_finished(client: redis.Redis, template: str, count: int, prefix: str = "{kickoff}:", batch: int = 2000) -> None:
    copy = client.register_script(COPY)
    fields = client.hgetall(f"{prefix}run:{template}")
    if not fields:  # packed once it finished
        fields = unpack_run(client.get(f"{prefix}done:{template}").decode())[0]
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
