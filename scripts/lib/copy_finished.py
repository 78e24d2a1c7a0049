"""Copies of a finished run under new ids (stdlib only): the Lua script that scripts/lib/bench_scale.py
(redis-py) and scripts/lib/measure_memory.py (resp.py) run, and Kickoff's run ids.
"""
import os

COPY = """
-- ARGV[1] key prefix   ARGV[2] template run id   ARGV[3] retention (s)   ARGV[4] first index score (ms)
-- ARGV[5] the template's pipeline   ARGV[6..] the new run ids
local prefix, template, retention = ARGV[1], ARGV[2], ARGV[3]
local record = redis.call('HGETALL', prefix .. 'run:' .. template)
local logs = redis.call('HGETALL', prefix .. 'logs:' .. template)
local history = redis.call('GET', prefix .. 'history:' .. template)
-- A packed finished run (`{ns}:done:<id>`) holds no id of its own: the same value fits every copy.
local packed = redis.call('GET', prefix .. 'done:' .. template)
local pipeline = ARGV[5]
local score = tonumber(ARGV[4])
for i = 6, #ARGV do
  local id = ARGV[i]
  if packed then redis.call('SET', prefix .. 'done:' .. id, packed, 'EX', retention) end
  local run = prefix .. 'run:' .. id
  if #record > 0 then
    redis.call('HSET', run, unpack(record))
    redis.call('HSET', run, 'id', id)
    redis.call('EXPIRE', run, retention)
  end
  if #logs > 0 then
    redis.call('HSET', prefix .. 'logs:' .. id, unpack(logs))
    redis.call('EXPIRE', prefix .. 'logs:' .. id, retention)
  end
  -- The folded events hold the run id as a marker, not spelled out: the same text fits every copy.
  if history then redis.call('SET', prefix .. 'history:' .. id, history, 'EX', retention) end
  redis.call('ZADD', prefix .. 'runs', score + i, id)
  redis.call('ZADD', prefix .. 'runs:pipeline:' .. pipeline, score + i, id)
end
return #ARGV - 5
"""


def run_id(milliseconds: int) -> str:
    """A run id as Kickoff makes them (UUID version 7: time first, then random)."""
    raw = bytearray(milliseconds.to_bytes(6, "big") + os.urandom(10))
    raw[6] = (raw[6] & 0x0F) | 0x70
    raw[8] = (raw[8] & 0x3F) | 0x80
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
