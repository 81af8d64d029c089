"""/healthz (liveness) and /readyz (readiness), for the Docker HEALTHCHECK and load balancers.

Liveness never touches the store: a database outage must not get a healthy server
restarted. Readiness reads the store once: 503 while it is unreachable, so a balancer
stops sending traffic until it is back (the server recovers by itself).
"""

from __future__ import annotations

from fastapi import APIRouter

from graphsvc import __version__
from graphsvc.api.deps import ServiceDep
from graphsvc.api.schemas import Health
from graphsvc.api.unavailable import UNAVAILABLE

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness check (does not touch the store)")
def healthz() -> Health:
    return Health(status="ok", version=__version__)


@router.get(
    "/readyz",
    response_model=Health,
    summary="Readiness check: the store answers",
    description="200 `ready` when one cheap read of the store succeeds; 503 (problem+json, "
    "`Retry-After`) while the database is unreachable or not migrated.",
    responses=UNAVAILABLE,
)
def readyz(service: ServiceDep) -> Health:
    service.ready()
    return Health(status="ready", version=__version__)
