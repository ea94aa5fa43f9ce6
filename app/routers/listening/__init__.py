"""Listening stage: exercises, voices, analysis and Place Standard scores, and the survey import."""

from fastapi import APIRouter

from app.routers.listening import analysis, exercises, queue, survey_import, theme_groups, voices

router = APIRouter()
for module in (exercises, voices, queue, theme_groups, analysis, survey_import):
    router.include_router(module.router)
