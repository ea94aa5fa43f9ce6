"""Mapping stage: the overview with its candidates and grid, then strengths and struggles."""

from fastapi import APIRouter

from app.routers.mapping import overview, strengths_and_struggles

router = APIRouter()
for module in (overview, strengths_and_struggles):  # the overview's fixed paths before the records' {id}
    router.include_router(module.router)
