"""Measures Redis memory per stored run (stdlib only); driven by scripts/measure-memory.

  measure_memory.py trigger URL KEY PIPELINE N      triggers N runs over HTTP, one at a time
  measure_memory.py used REDIS_PORT                 prints used_memory in bytes
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


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "trigger":
        trigger(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif command == "used":
        used(sys.argv[2])
    else:
        sys.exit(__doc__)
