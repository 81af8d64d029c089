"""Queued writes: POST /articles/batch and GET /jobs/{id}."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from graphsvc.api.admission import AdmissionDep
from graphsvc.api.batch_input import JSONL_TYPES, read_batch
from graphsvc.api.deps import require_api_key
from graphsvc.api.job_schemas import JobAccepted, JobPublic
from graphsvc.api.schemas import EXAMPLE_ARTICLE, Problem
from graphsvc.errors import NotFound
from graphsvc.jobs import Job

router = APIRouter(tags=["jobs"])
JOB_ID = re.compile(r"[0-9a-f]{32}")  # uuid4().hex, as store/jobs.py makes them

QUEUE_FULL = {
    "model": Problem,
    "description": "The ingestion queue is full, or the database is unreachable: retry after "
    "the seconds in `Retry-After`.",
    "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
}
ACCEPTED = {
    "model": JobAccepted,
    "description": "Queued: follow the job at `Location` (GET /jobs/{id}).",
    "headers": {"Location": {"description": "The job's URL.", "schema": {"type": "string"}}},
}
_BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            **{media: {"schema": {"type": "string"}} for media in JSONL_TYPES},
            "application/json": {
                "schema": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/ArticleIn"},
                    "minItems": 1,
                },
                "example": [EXAMPLE_ARTICLE],
            },
        },
    }
}


def accepted(request: Request, job: Job) -> JSONResponse:
    url = str(request.url_for("get_job", job_id=job.id))
    body = JobAccepted.build(job, url).model_dump(mode="json")
    return JSONResponse(body, status_code=202, headers={"Location": url})


@router.post(
    "/articles/batch",
    status_code=202,
    dependencies=[Depends(require_api_key)],
    summary="Queue a batch of articles",
    description=(
        "JSONL (`application/x-ndjson` or `application/jsonl`, one article object per line) "
        "or a JSON array of article objects (fields as POST /articles). The articles are "
        "queued as one job and stored by the extraction workers. JSONL is read per line: "
        "lines that are not valid article objects are listed in `errors` with their line and "
        "fail in the job (422 only when no line is usable). A JSON array is checked whole: "
        "one invalid item is a 422 naming the items, and nothing is queued."
    ),
    responses={
        202: ACCEPTED,
        400: {"model": Problem, "description": "The body is not valid UTF-8."},
        401: {"model": Problem, "description": "Missing or wrong X-API-Key (when a key is set)."},
        413: {"model": Problem, "description": "Over the body limit or the queue's size."},
        415: {"model": Problem, "description": "Unsupported content type."},
        422: {
            "model": Problem,
            "description": "A JSON array that is not an array of valid articles, or JSONL "
            "without a usable line.",
        },
        503: QUEUE_FULL,
    },
    response_class=JSONResponse,
    openapi_extra=_BATCH_BODY,
)
async def post_batch(request: Request, admission: AdmissionDep) -> JSONResponse:
    items = await read_batch(request)
    job = await admission.write(lambda: admission.queue.submit(items))
    return accepted(request, job)


@router.get(
    "/jobs/{job_id}",
    name="get_job",
    response_model=JobPublic,
    summary="A queued job: status, counts, per-item results and errors",
    responses={404: {"model": Problem, "description": "No such job."}},
)
def get_job(job_id: str, admission: AdmissionDep) -> JobPublic:
    if not JOB_ID.fullmatch(job_id):  # no such job; PostgreSQL could not even compare a NUL
        raise NotFound(f"No job with id {job_id!r}.")
    return JobPublic.from_domain(admission.queue.job(job_id))
