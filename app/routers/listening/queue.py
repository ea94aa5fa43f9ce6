"""The "needs themes" queue: the strategy's voices without themes, their suggestions, and accepting or
rejecting them one at a time or many at once. Every action is a plain form post; with htmx, one voice's row
is swapped in place."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from app.errors import FieldError
from app.models import VoiceKind
from app.routers import choices
from app.schemas.listening import QueueFilters
from app.services.listening import screens, theming
from app.services.listening import service as listening
from app.services.records.versioning import VersionConflict
from app.templating import is_fragment_request
from app.text import plural
from app.views import StageEdit, StageRead, StageView, StageWrite
from app.web import safe_target, screen_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


def _queue_page(
    view: StageRead, filters: QueueFilters, *, errors: dict[str, str] | None = None, status: int = 200
) -> HTMLResponse:
    screen = screens.queue_screen(**view.of, place=view.place, filters=filters)
    return view.page(
        "listening/queue.html",
        partial="listening/_queue_list.html",
        status_code=status,
        **screen_context(screen),
        kinds=choices.labelled(VoiceKind),
        errors=errors or {},
    )


@router.get("/queue/", name="listening.queue")
def queue(view: StageView, filters: Annotated[QueueFilters, Query()]) -> HTMLResponse:
    return _queue_page(view, filters)


def _back(write: StageWrite) -> str:
    return safe_target(write.form.get("next"), within="/places/") or write.url("listening.queue")


def _row(view: StageRead, voice_id: int, message: str, status: int = 200) -> HTMLResponse:
    """One voice's row as it is now, with the queue's progress swapped out of band."""
    screen = screens.queue_row_screen(**view.of, place=view.place, voice_id=voice_id)
    return view.page(
        "listening/_queue_row.html",
        status_code=status,
        message=message,
        out_of_band=True,
        **screen_context(screen),
    )


def _refused(write: StageWrite, one: bool, voice_id: int, message: str, status: int) -> HTMLResponse:
    """One voice's row with why nothing changed (a button pressed with htmx), or the queue again."""
    if one and is_fragment_request(write.request):
        return _row(write, voice_id, message, status=status)
    filters = QueueFilters.model_validate(dict(write.form))
    return _queue_page(write, filters, errors={"pick": message}, status=status)


@router.post("/queue/accept", name="listening.queue_accept")
def queue_accept(write: StageEdit) -> Response:
    """Accept one suggestion (the button pressed, ``one``) or the top suggestion of every selected voice
    (``pick``), all or none."""
    one = write.form.get("one")
    values = [str(one)] if one else [str(value) for value in write.form.getlist("pick")]
    try:
        picks = theming.read_picks(values)
        count = theming.accept_picks(
            **write.by,
            place=write.ctx.place,
            picks=picks,
            note="Accepted a suggested theme" if one else "Accepted the top suggested themes from the queue",
        )
    except FieldError as problem:
        return _refused(write, bool(one), picks_voice(values), problem.message, 400)
    except VersionConflict:
        message = (
            "Someone else changed this voice since the page was loaded; check its themes and try again"
            if one
            else "Some of the selected voices changed since the page was loaded, so nothing was accepted. "
            "The list below is up to date: select them again."
        )
        return _refused(write, bool(one), picks_voice(values), message, 409)
    if one and is_fragment_request(write.request):
        return _row(write, picks[0].voice_id, "Theme added")
    flash = f"Themes given to {plural(count, 'voice')}" if not one else "Theme added"
    return write.redirect(_back(write), flash=flash)


@router.post("/queue/reject", name="listening.queue_reject")
def queue_reject(write: StageEdit) -> Response:
    try:
        [pick] = theming.read_picks([str(write.form.get("one") or "")])
        voice = listening.get_voice(**write.of, voice_id=pick.voice_id)
        listening.reject_theme(**write.of, voice=voice, theme_id=pick.theme_id)
    except FieldError as problem:
        return _refused(write, False, 0, problem.message, 400)
    message = "Suggestion rejected; it will not be suggested for this voice again"
    if is_fragment_request(write.request):
        return _row(write, voice.id or 0, message)
    return write.redirect(_back(write), flash=message)


def picks_voice(values: list[str]) -> int:
    head = values[0].split(":", 1)[0] if values else ""
    return int(head) if head.isdigit() else 0
