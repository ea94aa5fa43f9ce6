"""Listening stage: what people said (voices): the list with its filters, one voice, editing it, and accepting
or rejecting suggested themes. Voices are added from their exercise's page (``listening.add_voice``)."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from app.form_pages import FormPage
from app.models import PROFILE_FIELDS, Voice, VoiceKind
from app.routers import choices
from app.schemas.listening import VoiceFilters, VoiceForm
from app.services.listening import screens
from app.services.listening import service as listening
from app.views import EditView, StageEdit, StageRead, StageView
from app.web import safe_target, screen_context, stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")
THEME_UNAVAILABLE = "That theme is not available here"


def profile_options(field: str) -> list[tuple[str, str]]:
    return [(group, group) for group in PROFILE_FIELDS[field][1]]


# --- Voices --------------------------------------------------------------------------------------------


def voice_options(view: StageRead) -> dict[str, list[tuple[str, str]]]:
    return {
        "area_id": choices.areas(view),
        "theme_ids": choices.themes(view),
        "age_band": profile_options("age_band"),
        "ethnic_group": profile_options("ethnic_group"),
        "gender": profile_options("gender"),
    }


@router.get("/voices/", name="listening.voices")
def voices(view: StageView, filters: Annotated[VoiceFilters, Query()]) -> HTMLResponse:
    screen = screens.voices_screen(**view.of, filters=filters)
    return view.page(
        "listening/voices.html",
        **screen_context(screen),
        themes=choices.themes(view),
        areas=choices.areas(view),
        kinds=choices.labelled(VoiceKind),
        area_names=dict(choices.areas(view)),
        query=dict(view.request.query_params),
        partial="listening/_voice_results.html",
    )


@router.get("/voices/{voice_id}/", name="listening.show_voice")
def show_voice(view: StageView, voice_id: int) -> HTMLResponse:
    screen = screens.voice_screen(**view.of, place=view.place, voice_id=voice_id)
    return view.page("listening/voice.html", **screen_context(screen))


def _voice_page(view: StageRead, voice: Voice) -> FormPage[VoiceForm]:
    return FormPage(
        template="listening/voice_form.html",
        form=VoiceForm,
        context=stage_context(view.ctx, voice=voice),
        options=lambda: voice_options(view),
    )


@router.get("/voices/{voice_id}/edit", name="listening.edit_voice_form")
def edit_voice_form(view: EditView, voice_id: int) -> HTMLResponse:
    voice = listening.get_voice(**view.of, voice_id=voice_id)
    return view.show_saved(_voice_page(view, voice), voice)


@router.post("/voices/{voice_id}/edit", name="listening.edit_voice")
def edit_voice(write: StageEdit, voice_id: int) -> Response:
    voice = listening.get_voice(**write.of, voice_id=voice_id)
    return write.submit_edit(
        _voice_page(write, voice),
        record=voice,
        update=lambda data, version: listening.update_voice(
            **write.by, voice=voice, form=data, expected_version=version
        ),
        then=write.url("listening.show_voice", voice_id=voice_id),
        flash="Voice saved",
    )


@router.post("/voices/{voice_id}/themes/{theme_id}/accept", name="listening.accept_theme")
def accept_theme(write: StageEdit, voice_id: int, theme_id: int) -> Response:
    voice = listening.get_voice(**write.of, voice_id=voice_id)
    page = write.url("listening.show_voice", voice_id=voice_id)
    return write.act(
        lambda: listening.accept_theme(
            **write.by, voice=voice, theme_id=theme_id, expected_version=write.version
        ),
        then=safe_target(write.form.get("next"), within="/places/") or page,
        flash="Theme added",
        changed="Someone else changed this voice; check its themes and try again",
        changed_to=page,
        refused=THEME_UNAVAILABLE,
    )


@router.post("/voices/{voice_id}/themes/{theme_id}/reject", name="listening.reject_theme")
def reject_theme(write: StageEdit, voice_id: int, theme_id: int) -> Response:
    voice = listening.get_voice(**write.of, voice_id=voice_id)
    return write.act(
        lambda: listening.reject_theme(**write.of, voice=voice, theme_id=theme_id),
        then=write.url("listening.show_voice", voice_id=voice_id),
        flash="Suggestion dismissed; it will not be suggested for this voice again",
        changed="Someone else changed this voice; check its themes and try again",
        refused=THEME_UNAVAILABLE,
    )
