"""/ontology: the CAMEO codes the coder uses."""

from __future__ import annotations

from fastapi import APIRouter

from graphsvc.api.deps import ServiceDep
from graphsvc.api.schemas import CameoCodePublic

router = APIRouter(tags=["ontology"])


@router.get(
    "/ontology",
    response_model=list[CameoCodePublic],
    summary="CAMEO codes with labels, Goldstein scores and quad classes",
)
def ontology(service: ServiceDep) -> list[CameoCodePublic]:
    return [
        CameoCodePublic(
            code=c.code,
            root=c.root,
            label=c.label,
            goldstein=c.goldstein,
            quad_class=c.quad_class,
            level=c.level,
            plover=c.plover,
        )
        for c in service.ontology()
    ]
