"""A minimal Redis client (RESP2 over a socket, stdlib only) for the reliability scripts' checks.

    redis = Redis(port)
    redis.call("XRANGE", "{kickoff}:events:ID", "-", "+")
"""
import socket
import time
import zlib


class RedisReplyError(Exception):
    pass


class Redis:
    def __init__(self, port, host="127.0.0.1", timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.reader = self.sock.makefile("rb")

    def close(self):
        self.reader.close()
        self.sock.close()

    def call(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode(errors="surrogateescape")
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.sock.sendall(b"".join(parts))
        return self._read()

    def _read(self):
        line = self.reader.readline()
        if not line:
            raise ConnectionError("redis closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RedisReplyError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            size = int(rest)
            if size < 0:
                return None
            data = self.reader.read(size + 2)[:-2]
            # Binary values (a deflated packed run) survive the round trip: call() encodes them back alike.
            return data.decode(errors="surrogateescape")
        if kind == b"*":
            count = int(rest)
            return None if count < 0 else [self._read() for _ in range(count)]
        raise RedisReplyError(f"unexpected reply {line!r}")


class ClusterRedis:
    """`Redis` for a Redis Cluster (also fine for a single Redis, which answers no redirects): each
    command goes where the node asked sends it (MOVED, ASK), and a node that is gone, or a cluster
    between a primary's death and its replica's promotion, is tried again for up to `patience`
    seconds, through the other nodes known (`ports`) if need be."""

    def __init__(self, port, host="127.0.0.1", ports=(), patience=60):
        self.nodes = [(host, port)] + [(host, p) for p in ports if p != port]
        self.connections = {}
        self.patience = patience

    def _connection(self, node):
        if node not in self.connections:
            self.connections[node] = Redis(node[1], host=node[0])
        return self.connections[node]

    def _drop(self, node):
        connection = self.connections.pop(node, None)
        if connection:
            try:
                connection.close()
            except OSError:
                pass

    def close(self):
        for node in list(self.connections):
            self._drop(node)

    def call(self, *args):
        deadline = time.monotonic() + self.patience
        node, asking, tried = self.nodes[0], False, 0
        while True:
            try:
                connection = self._connection(node)
                if asking:
                    connection.call("ASKING")
                return connection.call(*args)
            except RedisReplyError as error:
                words = str(error).split()
                if words and words[0] in ("MOVED", "ASK") and len(words) == 3:
                    host, _, port = words[2].rpartition(":")
                    node, asking = (host or "127.0.0.1", int(port)), words[0] == "ASK"
                    if node not in self.nodes:
                        self.nodes.append(node)
                    continue
                if not words or words[0] not in ("TRYAGAIN", "CLUSTERDOWN", "LOADING", "MASTERDOWN") or time.monotonic() > deadline:
                    raise
            except (ConnectionError, OSError):
                self._drop(node)
                if time.monotonic() > deadline:
                    raise
                tried += 1
                node, asking = self.nodes[tried % len(self.nodes)], False
            time.sleep(0.2)


# The one-letter codes of a finished run's folded events (RunEventHistory.codes in KickoffStore).
EVENT_CODES = {"a": "run.queued", "b": "run.running", "c": "run.succeeded", "d": "run.failed", "e": "run.canceled",
               "f": "step.started", "g": "step.succeeded", "h": "step.failed", "i": "step.skipped", "j": "step.canceled",
               "k": "run.resumed", "l": "run.scheduled", "m": "step.timed_out"}


def unpack_run(value):
    """(record fields, folded events text, logs or None) of a packed finished run (`{ns}:done:<id>`,
    PackedRun in KickoffStore), plain ('p') or deflated ('z'), as str or bytes; None when the value is
    not one. The fields lack `id`."""
    if isinstance(value, str):
        value = value.encode(errors="surrogateescape")
    if value and value[:1] == b"z":
        value = zlib.decompress(value.split(b"\x1d", 1)[1], -15)
    if not value or value[:1] != b"p":
        return None
    value = value.decode(errors="replace")
    parts = value[1:].split("\x1d", 2)
    if len(parts) < 2:
        return None

    def pairs(text):
        return dict(item.split("\x1f", 1) for item in text.split("\x1e") if item)
    return pairs(parts[0]), parts[1], pairs(parts[2]) if len(parts) == 3 else None


def run_status(redis, prefix, run_id):
    """A run's status from its hash, or from its packed form once it finished; None when gone."""
    status = redis.call("HGET", prefix + "run:" + run_id, "status")
    if status is None:
        packed = unpack_run(redis.call("GET", prefix + "done:" + run_id))
        status = packed[0].get("status") if packed else None
    return status


def run_event_entries(redis, prefix, run_id):
    """[(id, type, data text)] of a run's events: from its folded history (`{ns}:history:<id>`, or
    inside its packed form `{ns}:done:<id>`, a finished run) when there is one, else from its stream
    (a live run, or one that ended before)."""
    text = redis.call("GET", prefix + "history:" + run_id)
    if text is None:
        packed = unpack_run(redis.call("GET", prefix + "done:" + run_id))
        text = packed[1] if packed else None
    if text is None:
        entries = []
        for entry_id, fields in redis.call("XRANGE", prefix + "events:" + run_id, "-", "+") or []:
            values = dict(zip(fields[::2], fields[1::2]))
            entries.append((entry_id, values.get("type"), values.get("data", "{}")))
        return entries
    entries, ms = [], 0
    for line in text.split("\n"):
        if not line:
            continue
        id_part, code, data = line.split(" ", 2)
        delta, _, sequence = id_part.partition("-")
        ms = int(delta) if not entries else ms + int(delta)
        kind = EVENT_CODES.get(code, code)
        data = data.replace("\x01", '"run_id":"' + run_id + '"', 1).replace("\x02", '"type":"' + kind + '"', 1)
        entries.append((f"{ms}-{sequence or '0'}", kind, data))
    return entries

