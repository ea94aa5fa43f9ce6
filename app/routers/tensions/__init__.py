"""The tension log of a place: entries and rumours, the weekly picture, and the export for partners."""

from fastapi import APIRouter

from app.routers.tensions import entries, export, picture

router = APIRouter()
for module in (picture, export, entries):  # the fixed paths before an entry's {entry_id}
    router.include_router(module.router)
