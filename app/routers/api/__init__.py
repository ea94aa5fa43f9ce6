"""The read-only JSON API: places and strategies (core), then each stage's records."""

from fastapi import APIRouter

from app.routers.api import core, records

router = APIRouter()
for module in (core, records):
    router.include_router(module.router)
