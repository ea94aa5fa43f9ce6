"""Review comments: a strategy's comments, one record's (or edition's) comments, and writing, replying,
resolving and reopening them. Every page works without JavaScript: each form posts and redirects back."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from app.deps import CommentableStrategy, CurrentUser, EditableStrategy, SessionDep, StrategyAccess
from app.forms import FormState, form_fields, parse_form
from app.models import CommentStatus
from app.schemas.review import CommentForm, ReplyForm
from app.services import review
from app.services.records.lookup import RECORD_PAGES
from app.services.records.versioning import VersionConflict
from app.templating import render
from app.web import FormDataDep, expected_version, redirect, safe_target, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/comments")

FILTERS = {"open": "Open", "resolved": "Resolved", "all": "All"}

# The page each kind of target is shown on: (route name, its id parameter, or None for a list page).
TARGET_PAGES: dict[str, tuple[str, str | None]] = {**RECORD_PAGES, "edition": ("editions.show", "edition_id")}


def _target_links(request: Request, ctx: StrategyAccess, targets: list[review.Target]) -> dict[str, str]:
    """Target key -> the page where the record or edition itself is shown."""
    links = {}
    for target in targets:
        page = TARGET_PAGES.get(target.kind)
        if page is None or not target.exists:
            continue
        name, param = page
        links[target.key] = url(request, name, **strategy_ids(ctx), **({param: target.id} if param else {}))
    return links


def _next(form: FormData, default: str) -> str:
    """Where to go after a write: the page the form was on, if it is one of ours, else ``default``."""
    return safe_target(form.get("next"), within="/places/") or default


def _target_url(request: Request, ctx: StrategyAccess, kind: str, target_id: int) -> str:
    return url(request, "review.target", **strategy_ids(ctx), target_kind=kind, target_id=target_id)


@router.get("/", name="review.index")
def index(
    request: Request, session: SessionDep, ctx: CommentableStrategy, show: str | None = None
) -> HTMLResponse:
    shown = show if show in FILTERS else "all"
    status = None if shown == "all" else CommentStatus(shown)
    threads = review.threads(session=session, strategy=ctx.strategy, status=status)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return render(
        request,
        "review/index.html",
        stage_context(
            ctx,
            shown=shown,
            filters=FILTERS,
            counts=review.status_counts(session=session, strategy=ctx.strategy),
            open_threads=[t for t in threads if t.is_open],
            resolved_threads=[t for t in threads if not t.is_open],
            links=_target_links(request, ctx, [t.target for t in threads]),
            here=here,
        ),
    )


def _target_page(
    request: Request,
    session: SessionDep,
    ctx: StrategyAccess,
    target: review.Target,
    *,
    comment: FormState[CommentForm] | None = None,
    reply_to: int | None = None,
    reply: FormState[ReplyForm] | None = None,
    conflict: bool = False,
    status: int = 200,
) -> HTMLResponse:
    comment = comment or FormState(values={})
    threads = review.threads(
        session=session, strategy=ctx.strategy, kind=target.kind, target_id=target.id, newest_first=False
    )
    errors: dict[str, Any] = dict(comment.errors)
    if reply is not None and reply_to is not None:
        errors.update({f"reply-{reply_to}": message for message in reply.errors.values()})
    return render(
        request,
        "review/target.html",
        stage_context(
            ctx,
            target=target,
            link=_target_links(request, ctx, [target]).get(target.key),
            open_threads=[t for t in threads if t.is_open],
            resolved_threads=[t for t in threads if not t.is_open],
            fields=form_fields(CommentForm, comment.values, comment.errors),
            errors=errors,
            reply_to=reply_to,
            reply_value=(reply.values.get("body") or "") if reply is not None else "",
            conflict=conflict,
            here=_target_url(request, ctx, target.kind, target.id),
        ),
        status_code=status,
    )


@router.get("/on/{target_kind}/{target_id}/", name="review.target")
def target(
    request: Request, session: SessionDep, ctx: CommentableStrategy, target_kind: str, target_id: int
) -> HTMLResponse:
    found = review.get_target(session=session, strategy=ctx.strategy, kind=target_kind, target_id=target_id)
    return _target_page(request, session, ctx, found)


@router.post("/on/{target_kind}/{target_id}/", name="review.add")
def add(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: CommentableStrategy,
    target_kind: str,
    target_id: int,
    form: FormDataDep,
) -> Response:
    found = review.get_target(session=session, strategy=ctx.strategy, kind=target_kind, target_id=target_id)
    state = parse_form(CommentForm, form)
    if state.data is None:
        return _target_page(request, session, ctx, found, comment=state, status=400)
    review.add_comment(
        session=session,
        strategy=ctx.strategy,
        actor=user,
        target_kind=found.kind,
        target_id=found.id,
        body=state.data.body,
    )
    return redirect(
        request, _next(form, _target_url(request, ctx, found.kind, found.id)), flash="Comment added"
    )


def _thread_target(session: SessionDep, ctx: StrategyAccess, comment_id: int) -> review.Target:
    """The target of a comment's thread, described even when the record has since been removed."""
    comment = review.get_comment(session=session, strategy=ctx.strategy, comment_id=comment_id)
    key = (comment.target_kind, comment.target_id)
    return review.describe_targets(session=session, strategy=ctx.strategy, keys=[key])[key]


@router.post("/{comment_id}/reply", name="review.reply")
def reply(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: CommentableStrategy,
    comment_id: int,
    form: FormDataDep,
) -> Response:
    found = _thread_target(session, ctx, comment_id)
    state = parse_form(ReplyForm, form)
    if state.data is None:
        return _target_page(request, session, ctx, found, reply_to=comment_id, reply=state, status=400)
    review.add_reply(
        session=session, strategy=ctx.strategy, actor=user, comment_id=comment_id, body=state.data.body
    )
    return redirect(
        request, _next(form, _target_url(request, ctx, found.kind, found.id)), flash="Reply added"
    )


def _change_status(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: StrategyAccess,
    comment_id: int,
    form: FormData,
    status: CommentStatus,
) -> Response:
    found = _thread_target(session, ctx, comment_id)
    change = review.resolve if status == CommentStatus.resolved else review.reopen
    try:
        change(
            session=session,
            strategy=ctx.strategy,
            actor=user,
            comment_id=comment_id,
            expected_version=expected_version(form),
        )
    except VersionConflict:
        return _target_page(request, session, ctx, found, conflict=True, status=409)
    done = "Comment resolved" if status == CommentStatus.resolved else "Comment reopened"
    return redirect(request, _next(form, _target_url(request, ctx, found.kind, found.id)), flash=done)


@router.post("/{comment_id}/resolve", name="review.resolve")
def resolve(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    comment_id: int,
    form: FormDataDep,
) -> Response:
    return _change_status(request, session, user, ctx, comment_id, form, CommentStatus.resolved)


@router.post("/{comment_id}/reopen", name="review.reopen")
def reopen(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    comment_id: int,
    form: FormDataDep,
) -> Response:
    return _change_status(request, session, user, ctx, comment_id, form, CommentStatus.open)
