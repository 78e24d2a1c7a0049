"""Sends COUNT requests one after the other on one keep-alive connection and prints {"sent", "ok",
"other"} as JSON: for scripts/bench's callgrind section, where the front runs under valgrind and only
the number of requests matters (instructions are divided by it)."""
import argparse
import http.client
import json


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--method", default="POST")
    parser.add_argument("--path", required=True)
    parser.add_argument("--key", default="")
    parser.add_argument("--body", default="")
    parser.add_argument("--count", type=int, required=True)
    args = parser.parse_args()
    headers = {"Content-Type": "application/json"}
    if args.key:
        headers["X-API-Key"] = args.key
    body = args.body.encode() if args.method == "POST" else None
    connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
    ok = other = 0
    for _ in range(args.count):
        connection.request(args.method, args.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        if 200 <= response.status < 300:
            ok += 1
        else:
            other += 1
    connection.close()
    print(json.dumps({"sent": ok + other, "ok": ok, "other": other}))


if __name__ == "__main__":
    main()
