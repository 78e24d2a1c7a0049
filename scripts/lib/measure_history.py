"""Measures the Redis memory of 48 h of history (issue 20) with the real Lua: the functions of
Sources/KickoffStore/Runs/Scripts/HistoryLua.swift, taken from the source file, are run for each of
2,880 minutes on a private redis-server, as `finish` (runs with their steps), `webhook_result` and the
first `announce` of a minute (queue samples) run them. Prints the MEMORY USAGE sum of the history
hashes and the used_memory growth. Driven by scripts/measure-history-memory.

usage: measure_history.py REDIS_PORT PIPELINES QUEUES STEPS RUNS_PER_MINUTE [MINUTES]
"""
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from resp import Redis  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def history_lua():
    swift = open(os.path.join(ROOT, "Sources/KickoffStore/Runs/Scripts/HistoryLua.swift")).read()
    return re.search(r'#"""\n(.*?)"""#', swift, re.S).group(1)


DRIVER = """
local flow_priorities = {'high', 'normal', 'low'}
%s
local prefix, minute = ARGV[1], tonumber(ARGV[2])
local now = minute * 60000 + 1000
-- The minute's first announce samples the queues (then each run's finish, each delivery).
history_sample_queues(prefix, now)
for _, run in ipairs(cjson.decode(ARGV[3])) do
  local key = prefix .. 'run:m'
  redis.call('DEL', key)
  redis.call('HSET', key, 'pipeline', run[1])
  for i, ms in ipairs(run[3]) do
    redis.call('HSET', key, 'step:s' .. i, cjson.encode({name = 's' .. i, status = 'succeeded', started_at = 0, finished_at = ms}))
  end
  history_run_finished(prefix, 'm', run[2], now + 5000)
end
redis.call('DEL', prefix .. 'run:m')
for _, outcome in ipairs(cjson.decode(ARGV[4])) do history_count(prefix, now + 6000, 'webhook:' .. outcome) end
return 1
"""


def main():
    port, pipelines, queues, steps, rate = (int(a) for a in sys.argv[1:6])
    minutes = int(sys.argv[6]) if len(sys.argv) > 6 else 2880
    redis = Redis(port)
    prefix = "{kickoff}:"
    rng = random.Random(20)
    # Queues with runs waiting, as the sampler finds them.
    for q in range(queues):
        queue = f"queue-{q}"
        redis.call("SADD", prefix + "queues", queue)
        redis.call("RPUSH", f"{prefix}ring:{queue}:normal", "g")
        for n in range(3):
            run = f"waiting-{q}-{n}"
            redis.call("RPUSH", f"{prefix}queued:{queue}:normal:g", run)
            redis.call("HSET", f"{prefix}run:{run}", "status", "queued", "queued_at", 0)
    before = int(re.search(r"used_memory:(\d+)", redis.call("INFO", "memory")).group(1))
    sha = redis.call("SCRIPT", "LOAD", DRIVER % history_lua())
    # Each pipeline's steps take their own typical time (log-normal around 0.2 s … 20 min).
    medians = [[rng.choice([200, 1500, 12000, 90000, 1200000]) for _ in range(steps)] for _ in range(pipelines)]
    start = 29_000_000
    for minute in range(start, start + minutes):
        runs = []
        for p in range(pipelines):
            for _ in range(rng.randint(0, 2 * rate)):
                status = rng.choices(["succeeded", "failed", "canceled"], [90, 8, 2])[0]
                durations = [max(1, int(rng.lognormvariate(0, 0.5) * m)) for m in medians[p]]
                runs.append([f"pipeline-{p:02d}", status, durations])
        webhooks = ["delivered"] * len(runs) + ["retry"] * rng.randint(0, 2)
        redis.call("EVALSHA", sha, 0, prefix, minute, json.dumps(runs), json.dumps(webhooks))
    keys = [prefix + f"minute:{m}" for m in range(start, start + minutes)]
    usage = sum(redis.call("MEMORY", "USAGE", key, "SAMPLES", "0") or 0 for key in keys)
    fields = sum(redis.call("HLEN", key) for key in keys)
    encodings = {redis.call("OBJECT", "ENCODING", key) for key in keys}
    after = int(re.search(r"used_memory:(\d+)", redis.call("INFO", "memory")).group(1))
    print(json.dumps({"minutes": minutes, "pipelines": pipelines, "queues": queues, "steps_per_pipeline": steps,
                      "runs_per_minute_per_pipeline_mean": rate, "memory_usage_sum_bytes": usage,
                      "fields_per_minute_mean": round(fields / minutes, 1), "encodings": sorted(encodings),
                      "used_memory_growth_bytes": after - before, "per_minute_bytes": round(usage / minutes)}))


if __name__ == "__main__":
    main()
