"""/healthz: liveness for the Docker HEALTHCHECK and load balancers."""

from __future__ import annotations

from fastapi import APIRouter

from graphsvc import __version__
from graphsvc.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness check")
def healthz() -> Health:
    return Health(status="ok", version=__version__)
