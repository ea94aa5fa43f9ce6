"""Finding new themes: groups of similar voices that no theme fits, each to be named as a new theme, merged
into an existing one, or dismissed."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import CurrentUser, DraftReadableStrategy, EditableStrategy, SessionDep, StrategyAccess
from app.errors import FieldError
from app.services.listening import service as listening
from app.services.listening import theme_groups
from app.templating import render
from app.text import plural
from app.web import FormDataDep, int_or_none, redirect, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


def _page(
    request: Request,
    session: SessionDep,
    ctx: StrategyAccess,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "listening/theme_groups.html",
        stage_context(
            ctx,
            groups=theme_groups.find_groups(session=session, strategy=ctx.strategy, place=ctx.place),
            themes=[(str(t.id), t.name) for t in listening.place_themes(session=session, place=ctx.place)],
            errors=errors or {},
            values=values or {},
        ),
        status_code=status,
    )


@router.get("/theme-groups/", name="listening.theme_groups")
def groups(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    return _page(request, session, ctx)


def _voice_ids(form: FormDataDep) -> list[int]:
    ids = [int_or_none(str(value)) for value in form.getlist("voice")]
    return [voice_id for voice_id in ids if voice_id is not None]


def _refused(
    request: Request, session: SessionDep, ctx: StrategyAccess, form: FormDataDep, problem: FieldError
) -> HTMLResponse:
    """The page again with the problem by the group's field, and what was typed kept."""
    group = str(form.get("group") or "")
    field = f"{problem.field}-{group}"
    typed = {f"name-{group}": str(form.get("name") or "")}
    return _page(request, session, ctx, errors={field: problem.message}, values=typed, status=400)


@router.post("/theme-groups/name", name="listening.name_theme_group")
def name_group(
    request: Request, session: SessionDep, user: CurrentUser, ctx: EditableStrategy, form: FormDataDep
) -> Response:
    try:
        theme, given = theme_groups.name_group(
            session=session,
            strategy=ctx.strategy,
            place=ctx.place,
            actor=user,
            name=str(form.get("name") or ""),
            words=[str(word) for word in form.getlist("word")],
            voice_ids=_voice_ids(form),
        )
    except FieldError as problem:
        return _refused(request, session, ctx, form, problem)
    return redirect(
        request,
        url(request, "listening.theme_groups", **strategy_ids(ctx)),
        flash=f"New theme {theme.name} given to {plural(given, 'voice')}",
    )


@router.post("/theme-groups/merge", name="listening.merge_theme_group")
def merge_group(
    request: Request, session: SessionDep, user: CurrentUser, ctx: EditableStrategy, form: FormDataDep
) -> Response:
    try:
        theme, given = theme_groups.merge_group(
            session=session,
            strategy=ctx.strategy,
            place=ctx.place,
            actor=user,
            theme_id=int_or_none(str(form.get("theme") or "")),
            voice_ids=_voice_ids(form),
        )
    except FieldError as problem:
        return _refused(request, session, ctx, form, problem)
    return redirect(
        request,
        url(request, "listening.theme_groups", **strategy_ids(ctx)),
        flash=f"{theme.name} given to {plural(given, 'voice')}",
    )


@router.post("/theme-groups/dismiss", name="listening.dismiss_theme_group")
def dismiss_group(
    request: Request, session: SessionDep, ctx: EditableStrategy, form: FormDataDep
) -> Response:
    try:
        theme_groups.dismiss_group(
            session=session, strategy=ctx.strategy, signature=str(form.get("signature") or "")
        )
    except FieldError as problem:
        return _refused(request, session, ctx, form, problem)
    return redirect(
        request,
        url(request, "listening.theme_groups", **strategy_ids(ctx)),
        flash="Group dismissed; it will not be offered again",
    )
