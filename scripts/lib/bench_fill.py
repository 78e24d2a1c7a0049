"""Sends COUNT identical trigger requests over HTTP, from PROCESSES processes with THREADS keep-alive
connections each, and prints {"sent", "accepted", "other", "seconds"} as JSON. Used by scripts/bench
to queue runs (no worker running)."""
import argparse
import http.client
import json
import multiprocessing
import threading
import time


def send(args: argparse.Namespace, count: int) -> dict:
    """COUNT requests from this process's threads."""
    body = args.body.encode()
    headers = {"Content-Type": "application/json", "X-API-Key": args.key}
    lock = threading.Lock()
    totals = {"sent": 0, "accepted": 0, "other": 0}
    remaining = [count]

    def take() -> bool:
        with lock:
            if remaining[0] == 0:
                return False
            remaining[0] -= 1
            return True

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        sent = accepted = other = 0
        while take():
            connection.request("POST", args.path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            sent += 1
            if response.status == 202:
                accepted += 1
            else:
                other += 1
        connection.close()
        with lock:
            totals["sent"] += sent
            totals["accepted"] += accepted
            totals["other"] += other

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return totals


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--body", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    shares = [args.count // args.processes + (1 if index < args.count % args.processes else 0) for index in range(args.processes)]
    started = time.monotonic()
    with multiprocessing.Pool(args.processes) as pool:
        results = pool.starmap(send, [(args, share) for share in shares])
    totals = {key: sum(result[key] for result in results) for key in ("sent", "accepted", "other")}
    totals["seconds"] = round(time.monotonic() - started, 3)
    print(json.dumps(totals))


if __name__ == "__main__":
    main()
