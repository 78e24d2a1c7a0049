"""A minimal Redis client (RESP2 over a socket, stdlib only) for the reliability scripts' checks.

    redis = Redis(port)
    redis.call("XRANGE", "{kickoff}:events:ID", "-", "+")
"""
import socket
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

