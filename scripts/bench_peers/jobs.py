"""The peers' jobs: a no-op (the drain), one that records when it started (the latency), and the
FastAPI trigger's pipeline job (never run by the benchmark: the trigger test runs no workers)."""
import os
import time

from redis import Redis

_redis = None


def _connection() -> Redis:
    # Opened lazily in the process that runs the job (after a fork, redis-py reconnects by itself).
    global _redis
    if _redis is None:
        _redis = Redis.from_url(os.environ["BENCH_REDIS_URL"])
    return _redis


def noop() -> None:
    pass


def count() -> None:
    """A no-op that counts itself and notes the first and the latest time a job ran, in one round
    trip: Celery keeps nothing of a task without a result backend."""
    now = time.time_ns()
    pipe = _connection().pipeline(transaction=False)
    pipe.set("bench:first", now, nx=True)
    pipe.set("bench:last", now)
    pipe.incr("bench:done")
    pipe.execute()


def record_start(enqueued_ns: int) -> None:
    started_ns = time.time_ns()
    _connection().rpush("bench:started", f"{enqueued_ns} {started_ns}")


def run_pipeline(pipeline_name: str, steps: dict) -> None:
    pass
