"""The Celery peer: the same jobs as RQ's, as Celery tasks on the same Redis (broker only, no result
backend). Run by scripts/bench as: celery -A celery_app worker --pool prefork --concurrency 2."""
import os

from celery import Celery

import jobs

app = Celery("bench", broker=os.environ["BENCH_REDIS_URL"])
app.conf.update(
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)


@app.task(name="count")
def count() -> None:
    jobs.count()


@app.task(name="record_start")
def record_start(enqueued_ns: int) -> None:
    jobs.record_start(enqueued_ns)
