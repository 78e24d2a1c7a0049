"""The Redis-side cost of Kickoff's claim script, read from SLOWLOG (scripts/bench sets
slowlog-log-slower-than 0 first, so every command is logged with its microseconds). A claim is an
EVALSHA with one key, the leases zset (`{ns}:leases`); every other script declares other keys.
Prints {"claims", "mean_us", "p50_us", "p99_us"} as JSON."""
import argparse
import json

import redis


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis-url", required=True)
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis_url)
    durations = []
    for entry in client.slowlog_get(1_000_000):
        command = entry.get("command") or b""
        words = command.split(b" ")
        if len(words) > 3 and words[0].upper() == b"EVALSHA" and words[2] == b"1" and words[3].endswith(b":leases"):
            durations.append(entry["duration"])
    durations.sort()

    def percentile(p: float) -> int:
        return durations[min(len(durations) - 1, int(len(durations) * p))] if durations else 0

    print(json.dumps({"claims": len(durations), "mean_us": round(sum(durations) / len(durations), 1) if durations else 0,
                      "p50_us": percentile(0.5), "p99_us": percentile(0.99)}))


if __name__ == "__main__":
    main()
