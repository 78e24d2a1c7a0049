"""Measures Redis memory per stored run (stdlib only); driven by scripts/measure-memory.

  measure_memory.py trigger URL KEY PIPELINE N      triggers N runs over HTTP, one at a time
  measure_memory.py used REDIS_PORT                 prints used_memory in bytes
  measure_memory.py copies REDIS_PORT TEMPLATE N    copies the finished run TEMPLATE N times as it is
                                                    stored (packed: `{ns}:done:<id>`), then N times in
                                                    the layout before packing (its hash, folded events
                                                    and logs hash, as the previous version left it);
                                                    prints used_memory's growth per copy of each, JSON
  measure_memory.py readme README RUNS COMMAND QUEUED FINISHED RECORD HISTORY LOGS [PACKED]
                                                    rewrites the README's memory table between its
                                                    markers, naming the command, date and commit
"""
import json
import subprocess
import sys
import urllib.request


def trigger(url, key, pipeline, count):
    body = json.dumps({"steps": {"train_model": {"parameters": {"model_type": "gradient_boosting"}}}}).encode()
    for n in range(count):
        request = urllib.request.Request(
            f"{url}/v1/pipelines/{pipeline}/runs", data=body, method="POST",
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            if answer.status != 202:
                sys.exit(f"trigger {n}: HTTP {answer.status}")


def used(port):
    info = subprocess.run(["redis-cli", "-p", port, "info", "memory"], capture_output=True, text=True, check=True).stdout
    for line in info.splitlines():
        if line.startswith("used_memory:"):
            print(line.split(":", 1)[1].strip())
            return
    sys.exit("no used_memory in INFO memory")


def copies(port, template, count, prefix="{kickoff}:", batch=2000):
    import os
    import time
    sys.path.insert(0, os.path.dirname(__file__))
    from copy_finished import COPY, run_id
    from resp import Redis, unpack_run
    redis = Redis(port, timeout=120)

    def used_memory():
        info = redis.call("INFO", "memory")
        return int(next(line for line in info.splitlines() if line.startswith("used_memory:")).split(":", 1)[1])

    packed = unpack_run(redis.call("GET", prefix + "done:" + template))
    if packed is None:
        sys.exit(f"run {template} is not packed")
    fields, history, logs = packed
    retention = 7 * 24 * 3600
    start = int(time.time() * 1000) - 10 * count

    def copy_of(template_id, first):
        done = 0
        while done < count:
            size = min(batch, count - done)
            ids = [run_id(first + done + i) for i in range(size)]
            redis.call("EVAL", COPY, 0, prefix, template_id, retention, first + done, fields["pipeline"], *ids)
            done += size

    before = used_memory()
    copy_of(template, start)
    after_packed = used_memory()
    # The same run as the previous version stored it: hash (with its id), folded events, logs hash.
    old = run_id(start - 1)
    redis.call("HSET", prefix + "run:" + old, "id", old, *[x for pair in fields.items() for x in pair])
    redis.call("SET", prefix + "history:" + old, history)
    if logs:
        redis.call("HSET", prefix + "logs:" + old, *[x for pair in logs.items() for x in pair])
    redis.call("DEL", prefix + "done:" + old)
    middle = used_memory()
    copy_of(old, start + count + 1)
    after_old = used_memory()

    def usage(key):
        return redis.call("MEMORY", "USAGE", key, "SAMPLES", "0") or 0
    print(json.dumps({"copies": count,
                      "per_finished_run_packed": round((after_packed - before) / count),
                      "per_finished_run_before_packing": round((after_old - middle) / count),
                      "packed_value_bytes": redis.call("STRLEN", prefix + "done:" + template),
                      "memory_usage_packed": usage(prefix + "done:" + template),
                      "memory_usage_before_packing": {"record": usage(prefix + "run:" + old),
                                                      "history": usage(prefix + "history:" + old),
                                                      "logs": usage(prefix + "logs:" + old)}}))


README_START = "<!-- scripts/measure-memory --write-readme rewrites from here -->"
README_END = "<!-- scripts/measure-memory --write-readme rewrites up to here -->"


def readme(path, runs, command, queued, finished, record, history, logs, packed="0"):
    import datetime
    text = open(path).read()
    if README_START not in text or README_END not in text:
        sys.exit(f"{path} lacks the measure-memory markers")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    n = f"{int(runs):,}"
    if int(packed or 0) > 0:
        finished_parts = (f"one string {int(packed):,}: record, folded events and logs, packed and deflated "
                          f"(`{{ns}}:done:<id>`; the stream goes 5 s after the end)")
    else:
        finished_parts = (f"record hash {int(record or 0):,}, events folded into one string {int(history or 0):,} "
                          f"(the stream goes 5 s after the end), logs {int(logs or 0):,}")
    block = f"""
Memory per stored run, measured with `{command}` on {day} at commit {commit} (a private
redis-server, a four-step pipeline shaped like the example, each step printing one log line and
writing a small JSON output; `used_memory` before and after):

| {n} runs | bytes per run | of which (`MEMORY USAGE` of one run's keys) |
|---|---|---|
| queued (no worker running) | {int(queued):,} | record hash, one-event stream, queue and index entries |
| finished (`succeeded`) | {int(finished):,} | {finished_parts} |
"""
    open(path, "w").write(head + README_START + block + README_END + tail)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "trigger":
        trigger(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif command == "used":
        used(sys.argv[2])
    elif command == "copies":
        copies(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif command == "readme":
        readme(*sys.argv[2:11])
    else:
        sys.exit(__doc__)
