"""Listening stage: exercises, voices, analysis and Place Standard scores, and the survey import."""

from fastapi import APIRouter

from app.routers.listening import analysis, exercises, survey_import, voices

router = APIRouter()
for module in (exercises, voices, analysis, survey_import):
    router.include_router(module.router)
