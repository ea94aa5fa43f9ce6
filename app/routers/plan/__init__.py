"""Action plan stage: indicators, then priorities and actions."""

from fastapi import APIRouter

from app.routers.plan import actions, indicators

router = APIRouter()
for module in (indicators, actions):  # the indicators' fixed paths before the actions' {id}
    router.include_router(module.router)
