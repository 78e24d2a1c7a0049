"""The peer of Kickoff's front: the custom trigger API of ZenML's "trigger pipelines from external
systems" tutorial, written from its description: FastAPI, an API key in the X-API-Key header, the
body {"pipeline_name", "steps": {step: {"parameters": {...}}}} checked by pydantic, and the run handed
to a queue (RQ, on the same Redis as Kickoff) instead of a background thread, answering 202 at once.

Run by scripts/bench as: uvicorn fastapi_trigger:app --workers N --loop uvloop --http httptools
--no-access-log (BENCH_REDIS_URL, BENCH_API_KEY in the environment).
"""
import os
import secrets
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Security
from fastapi.security import APIKeyHeader
from pydantic import BaseModel
from redis import Redis
from rq import Queue

API_KEY = os.environ["BENCH_API_KEY"]
redis = Redis.from_url(os.environ["BENCH_REDIS_URL"])
queue = Queue("triggers", connection=redis)
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


class StepConfig(BaseModel):
    parameters: dict[str, Any] = {}


class TriggerRequest(BaseModel):
    pipeline_name: str
    steps: dict[str, StepConfig] = {}


def verify_api_key(api_key: str | None = Security(api_key_header)) -> str:
    if api_key is None or not secrets.compare_digest(api_key, API_KEY):
        raise HTTPException(status_code=401, detail="invalid API key")
    return api_key


app = FastAPI(title="Pipeline trigger API")


@app.post("/trigger", status_code=202)
async def trigger_pipeline(request: TriggerRequest, _: str = Depends(verify_api_key)) -> dict[str, str]:
    steps = {name: step.parameters for name, step in request.steps.items()}
    job = queue.enqueue("jobs.run_pipeline", request.pipeline_name, steps)
    return {"status": "accepted", "job_id": job.id}


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
