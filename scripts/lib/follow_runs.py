"""Follows runs of a Kickoff front until they finish, printing each step as it starts and ends.

    python3 follow_runs.py URL KEY RUN_ID [RUN_ID …]

Prints the outputs of each run at the end; exits 1 unless every run succeeded.
"""
import json
import sys
import time
import urllib.request


def get(url, key):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def main():
    base, key, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
    seen, final, started = {}, {}, time.time()
    deadline = started + 600
    while len(final) < len(ids):
        if time.time() > deadline:
            print("gave up waiting for the runs to finish", file=sys.stderr)
            return 1
        for run_id in ids:
            if run_id in final:
                continue
            run = get(f"{base}/v1/runs/{run_id}", key)
            label = run_id[-8:]
            for step in run["steps"]:
                state = (step["status"], step.get("exit_code"))
                if seen.get((run_id, step["name"])) != state and step["status"] != "pending":
                    seen[(run_id, step["name"])] = state
                    print(f"  [{time.time() - started:6.1f}s] run …{label}  {step['name']:<12} {step['status']}", flush=True)
            if run["status"] in ("succeeded", "failed", "canceled"):
                final[run_id] = run
                print(f"  [{time.time() - started:6.1f}s] run …{label}  {run['status']}", flush=True)
        time.sleep(0.2)
    ok = True
    for run_id in ids:
        run = final[run_id]
        outputs = run.get("outputs") or {}
        print(f"run {run_id}: {run['status']}, model {outputs.get('model_type')}, accuracy {outputs.get('accuracy')}")
        ok = ok and run["status"] == "succeeded"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
