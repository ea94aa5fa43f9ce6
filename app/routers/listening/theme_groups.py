"""Finding new themes: groups of similar voices that no theme fits, each to be named as a new theme, merged
into an existing one, or dismissed."""

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from app.errors import FieldError
from app.routers import choices
from app.services.listening import theme_groups
from app.text import plural
from app.views import StageEdit, StageRead, StageView, StageWrite
from app.web import int_or_none

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


def _page(
    view: StageRead,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return view.page(
        "listening/theme_groups.html",
        status_code=status,
        groups=theme_groups.find_groups(**view.of, place=view.place),
        themes=choices.themes(view),
        errors=errors or {},
        values=values or {},
    )


@router.get("/theme-groups/", name="listening.theme_groups")
def groups(view: StageView) -> HTMLResponse:
    return _page(view)


def _voice_ids(form: FormData) -> list[int]:
    ids = [int_or_none(str(value)) for value in form.getlist("voice")]
    return [voice_id for voice_id in ids if voice_id is not None]


def _answer(write: StageWrite, step: Callable[[], str]) -> Response:
    """Take ``step`` and go back to the groups with the message it gives; or show the page again with the
    problem by the group's field, and what was typed kept."""
    try:
        message = step()
    except FieldError as problem:
        group = str(write.form.get("group") or "")
        typed = {f"name-{group}": str(write.form.get("name") or "")}
        errors = {f"{problem.field}-{group}": problem.message}
        return _page(write, errors=errors, values=typed, status=400)
    return write.redirect(write.url("listening.theme_groups"), flash=message)


@router.post("/theme-groups/name", name="listening.name_theme_group")
def name_group(write: StageEdit) -> Response:
    def step() -> str:
        theme, given = theme_groups.name_group(
            **write.by,
            place=write.ctx.place,
            name=str(write.form.get("name") or ""),
            words=[str(word) for word in write.form.getlist("word")],
            voice_ids=_voice_ids(write.form),
        )
        return f"New theme {theme.name} given to {plural(given, 'voice')}"

    return _answer(write, step)


@router.post("/theme-groups/merge", name="listening.merge_theme_group")
def merge_group(write: StageEdit) -> Response:
    def step() -> str:
        theme, given = theme_groups.merge_group(
            **write.by,
            place=write.ctx.place,
            theme_id=int_or_none(str(write.form.get("theme") or "")),
            voice_ids=_voice_ids(write.form),
        )
        return f"{theme.name} given to {plural(given, 'voice')}"

    return _answer(write, step)


@router.post("/theme-groups/dismiss", name="listening.dismiss_theme_group")
def dismiss_group(write: StageEdit) -> Response:
    def step() -> str:
        signature = str(write.form.get("signature") or "")
        theme_groups.dismiss_group(**write.of, signature=signature)
        return "Group dismissed; it will not be offered again"

    return _answer(write, step)
