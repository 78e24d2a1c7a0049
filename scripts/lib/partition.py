"""A worker cut off from Redis by a real network partition (scripts/partition). Stdlib only; root.

    partition.py --kickoff BIN [--netem-runs N]

The worker under test runs in a network namespace of its own, joined to the host by a veth pair;
Redis listens on the host side. Phase 1 cuts the link (the host end down) while that worker runs a
long step, starts a second worker on the host, and measures, from the ticks each step process writes
every 20 ms, how long the old attempt's step still ran after the new attempt's step started (the
overlap: it must be 0, since the cut-off worker fences itself before its lease can run out). Then
the link comes back and the old worker's late calls are refused. Phase 2 puts latency and loss on
the link (netem 200 ms ± 50 ms, 5 % loss) under both workers and runs N short runs: all succeed,
none is finished twice, and no two attempts of one run overlap. Prints one summary line; exits 1
on any failure. Every command is an argv list: nothing goes through a shell.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from front_client import Front  # noqa: E402
from resp import Redis, run_event_entries  # noqa: E402

FINAL = ("run.succeeded", "run.failed", "run.canceled")
STEP = r'''
import json, os, sys, time, uuid
shared, run = os.environ["SHARED"], os.environ["KICKOFF_RUN_ID"]
seconds = json.loads(os.environ["KICKOFF_PARAMETERS"]).get("seconds", 1)
path = os.path.join(shared, f"{run}.{os.getpid()}.{uuid.uuid4().hex[:8]}.ticks")
end = time.time() + seconds
with open(path, "a", buffering=1) as ticks:
    while time.time() < end:
        ticks.write(f"{time.time():.3f}\n")
        time.sleep(0.02)
with open(os.environ["KICKOFF_OUTPUT"], "w") as out:
    json.dump({"ok": True}, out)
'''


def sh(*argv, check=True):
    return subprocess.run(list(argv), check=check, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(what, condition, timeout=60, every=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise SystemExit(f"partition: timed out waiting for {what}")


class Net:
    """A namespace and a veth pair: the host end HOST (10.213.N.1), the namespace end (10.213.N.2)."""

    def __init__(self):
        tag = os.getpid() % 10000
        self.ns, self.host, self.peer = f"kpart{tag}", f"kph{tag}", f"kpn{tag}"
        subnet = 20 + os.getpid() % 200
        self.host_ip, self.ns_ip = f"10.213.{subnet}.1", f"10.213.{subnet}.2"
        sh("ip", "netns", "add", self.ns)
        sh("ip", "link", "add", self.host, "type", "veth", "peer", "name", self.peer)
        sh("ip", "link", "set", self.peer, "netns", self.ns)
        sh("ip", "addr", "add", f"{self.host_ip}/24", "dev", self.host)
        sh("ip", "link", "set", self.host, "up")
        self.inside("ip", "addr", "add", f"{self.ns_ip}/24", "dev", self.peer)
        self.inside("ip", "link", "set", self.peer, "up")
        self.inside("ip", "link", "set", "lo", "up")

    def inside(self, *argv):
        return sh("ip", "netns", "exec", self.ns, *argv)

    def cut(self):
        sh("ip", "link", "set", self.host, "down")

    def heal(self):
        sh("ip", "link", "set", self.host, "up")

    def degrade(self):
        """netem on both ends; False when the kernel has no netem (then the proxy stands in)."""
        spec = ["root", "netem", "delay", "200ms", "50ms", "loss", "5%"]
        if sh("tc", "qdisc", "add", "dev", self.host, *spec, check=False).returncode != 0:
            return False
        self.inside("tc", "qdisc", "add", "dev", self.peer, *spec)
        return True

    def close(self):
        sh("ip", "link", "del", self.host, check=False)
        sh("ip", "netns", "del", self.ns, check=False)


class SlowLink:
    """Where the kernel has no netem: a TCP proxy on the host end of the link that delays every chunk
    by 200 ms ± 50 ms (in order) and holds 5 % of them 600 ms more, as a lost segment's retransmission
    would. The namespaced worker reaches Redis only through it."""

    def __init__(self, listen_host, target_port):
        import random
        import socket
        import threading
        self.random, self.socket, self.threading = random.Random(7), socket, threading
        self.target_port = target_port
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind((listen_host, 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            try:
                upstream = self.socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            for source, sink in ((client, upstream), (upstream, client)):
                self.threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        due = 0.0
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                delay = 0.2 + self.random.uniform(-0.05, 0.05) + (0.6 if self.random.random() < 0.05 else 0)
                due = max(due, time.time() + delay)
                time.sleep(max(0, due - time.time()))
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(self.socket.SHUT_RDWR)
            except OSError:
                pass



def ticks_of(shared, run):
    """Each step process's ticks (seconds) for one run, oldest process first."""
    processes = []
    for path in glob.glob(os.path.join(shared, f"{run}.*.ticks")):
        with open(path) as f:
            values = [float(line) for line in f if line.strip()]
        if values:
            processes.append(values)
    return sorted(processes, key=lambda ticks: ticks[0])


def overlap_ms(processes):
    """How long an earlier process still ticked after a later one began (0: never together)."""
    worst = 0.0
    for i, earlier in enumerate(processes):
        for later in processes[i + 1:]:
            worst = max(worst, (earlier[-1] - later[0]) * 1000)
    return max(0, round(worst))


def finals(redis, run):
    return [kind for _, kind, _ in run_event_entries(redis, "{kickoff}:", run) if kind in FINAL]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kickoff", required=True)
    parser.add_argument("--netem-runs", type=int, default=20)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="kickoff-partition.")
    shared = os.path.join(work, "shared")
    os.makedirs(shared)
    with open(os.path.join(work, "step.py"), "w") as f:
        f.write(STEP)
    pipelines = os.path.join(work, "pipelines.yaml")
    with open(pipelines, "w") as f:
        f.write(f"""pipelines:
  part:
    working_directory: {work}
    inherit_env: [PATH]
    env: {{SHARED: "{shared}"}}
    steps:
      tick:
        run: [python3, step.py]
        parameters: {{seconds: {{type: number, default: 1}}}}
""")
    processes, net = [], None
    logs = {}

    def start(name, argv, inside=False):
        log = open(os.path.join(work, name + ".log"), "w")
        logs[name] = log.name
        full = (["ip", "netns", "exec", net.ns] if inside else []) + argv
        process = subprocess.Popen(full, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        processes.append(process)
        return process

    try:
        net = Net()
        port = 20000 + os.getpid() % 20000
        start("redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1", net.host_ip, "--save", "",
                        "--appendonly", "no", "--protected-mode", "no", "--dir", work])
        redis = wait_for("redis", lambda: _connect(port))
        key = sh(args.kickoff, "keys", "create", "partition", "--scopes", "trigger,read,admin",
                 "--redis-url", f"redis://127.0.0.1:{port}/0").stdout.strip().splitlines()[-1]
        front_port = port + 1
        start("front", [args.kickoff, "serve", "--redis-url", f"redis://127.0.0.1:{port}/0", "--pipelines", pipelines,
                        "--port", str(front_port), "--rate-limit", "0", "--read-rate-limit", "0"])
        front = Front(f"http://127.0.0.1:{front_port}", key)
        wait_for("the front", lambda: front.get("/readyz").code == 200)
        worker_flags = ["--pipelines", pipelines, "--lease", "4s", "--heartbeat", "1s", "--kill-grace", "1s"]
        start("worker-cut", [args.kickoff, "worker", "--redis-url", f"redis://{net.host_ip}:{port}/0", "--name", "cut-off",
                             "--data-dir", os.path.join(work, "data-cut")] + worker_flags, inside=True)

        # Phase 1: a real partition in the middle of a long step.
        answer = front.post("/v1/pipelines/part/runs", {"steps": {"tick": {"parameters": {"seconds": 12}}}})
        run = answer.json()["id"]
        wait_for("the cut-off worker's step to run", lambda: ticks_of(shared, run), timeout=30)
        cut_at = time.time()
        net.cut()
        start("worker-host", [args.kickoff, "worker", "--redis-url", f"redis://127.0.0.1:{port}/0", "--name", "on-host",
                              "--data-dir", os.path.join(work, "data-host")] + worker_flags)
        wait_for("the run to end", lambda: finals(redis, run), timeout=90, every=0.2)
        steps = ticks_of(shared, run)
        status = front.get(f"/v1/runs/{run}").json()
        fenced_after = steps[0][-1] - cut_at
        taken_over_after = steps[-1][0] - cut_at if len(steps) > 1 else None
        net.heal()
        # The cut-off worker comes back (a connection from its address): its calls for the old
        # attempt are refused, and the run stays as the other worker finished it.
        wait_for("the cut-off worker to reach Redis again",
                 lambda: f"addr={net.ns_ip}:" in redis.call("CLIENT", "LIST"), timeout=60, every=0.2)
        cut_ok = (status["status"] == "succeeded" and len(finals(redis, run)) == 1 and len(steps) == 2
                  and overlap_ms(steps) == 0 and front.get(f"/v1/runs/{run}").json()["status"] == "succeeded")

        # Phase 2: latency and loss on the link, both workers serving.
        if net.degrade():
            degraded_by = "netem"
        else:
            degraded_by = "proxy"
            link = SlowLink(net.host_ip, port)
            start("worker-slow", [args.kickoff, "worker", "--redis-url", f"redis://{net.host_ip}:{link.port}/0", "--name", "slow-link",
                                  "--data-dir", os.path.join(work, "data-slow")] + worker_flags, inside=True)
        ids = [front.post("/v1/pipelines/part/runs", {"steps": {"tick": {"parameters": {"seconds": 0.5}}}}).json()["id"]
               for _ in range(args.netem_runs)]
        wait_for("the degraded-link runs to end", lambda: all(finals(redis, i) for i in ids), timeout=300, every=0.5)
        succeeded = sum(1 for i in ids if front.get(f"/v1/runs/{i}").json()["status"] == "succeeded")
        double = sum(1 for i in ids if len(finals(redis, i)) > 1)
        worst = max(overlap_ms(ticks_of(shared, i)) for i in ids)
        by_cut = sum(1 for i in ids if front.get(f"/v1/runs/{i}").json().get("worker") in ("cut-off", "slow-link"))
        ok = cut_ok and succeeded == len(ids) and double == 0 and worst == 0
        print(f"partition: cut_run={status['status']} attempts={len(steps)} overlap_ms={overlap_ms(steps)} "
              f"fenced_after_s={fenced_after:.2f} taken_over_after_s={taken_over_after if taken_over_after is None else round(taken_over_after, 2)} "
              f"degraded_by={degraded_by} slow_runs={len(ids)} succeeded={succeeded} by_namespaced_worker={by_cut} double_finished={double} max_overlap_ms={worst}"
              f" {'ok' if ok else 'FAILED'}")
        if not ok:
            for name, path in logs.items():
                print(f"--- {name}", file=sys.stderr)
                with open(path) as f:
                    sys.stderr.write(f.read()[-3000:])
        return 0 if ok else 1
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if net:
            net.close()
        shutil.rmtree(work, ignore_errors=True)


def _connect(port):
    try:
        redis = Redis(port)
        redis.call("PING")
        return redis
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
