"""Review comments: a strategy's comments, one record's (or edition's) comments, and writing, replying,
resolving and reopening them. Every page works without JavaScript: each form posts and redirects back."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from app.form_pages import FormPage
from app.forms import FormState, parse_form
from app.models import CommentStatus
from app.schemas.review import SHOWN, CommentFilters, CommentForm, ReplyForm
from app.services import review, review_threads
from app.services.records import kinds
from app.services.records.kind_types import Page
from app.services.records.versioning import VersionConflict
from app.views import CommentView, StageComment, StageEdit, StageRead, StageWrite
from app.web import links, safe_target, stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/comments")

# The page each kind of target is shown on: a record's is its kind's (``kinds``); an edition's is its own.
TARGET_PAGES: dict[str, Page] = {
    **{kind.name: kind.page for kind in kinds.STAGE_KINDS},
    "edition": Page("editions.show", "edition_id"),
}


def _target_links(view: StageRead, targets: list[review.Target]) -> dict[str, str]:
    """Target key -> the page where the record or edition itself is shown."""
    links = {}
    for target in targets:
        page = TARGET_PAGES.get(target.kind)
        if page is not None and target.exists:
            links[target.key] = view.url(page.route, **page.params(target.id))
    return links


def _next(write: StageWrite, found: review.Target) -> str:
    """Where to go after a write: the page the form was on if it is one of ours, else the comments."""
    default = _target_url(write, found.kind, found.id)
    return safe_target(write.form.get("next"), within="/places/") or default


def _target_url(view: StageRead, kind: str, target_id: int) -> str:
    return view.url("review.target", target_kind=kind, target_id=target_id)


@router.get("/", name="review.index")
def index(view: CommentView, filters: Annotated[CommentFilters, Query()]) -> HTMLResponse:
    threads = review_threads.threads(**view.of, status=filters.status)
    here = view.request.url.path + (f"?{view.request.url.query}" if view.request.url.query else "")
    return view.page(
        "review/index.html",
        shown=filters.show,
        filters=SHOWN,
        counts=review_threads.status_counts(**view.of),
        open_threads=[t for t in threads if t.is_open],
        resolved_threads=[t for t in threads if not t.is_open],
        links=_target_links(view, [t.target for t in threads]),
        here=here,
    )


def _target_page(view: StageRead, target: review.Target) -> FormPage[CommentForm]:
    """The target's comments, with the form for a new one and a reply form under each open comment."""

    def threads() -> dict[str, Any]:
        found = review_threads.threads(**view.of, kind=target.kind, target_id=target.id, newest_first=False)
        return {
            "open_threads": [t for t in found if t.is_open],
            "resolved_threads": [t for t in found if not t.is_open],
        }

    return FormPage(
        template="review/target.html",
        form=CommentForm,
        context=stage_context(
            view.ctx,
            target=target,
            link=_target_links(view, [target]).get(target.key),
            reply_to=None,
            reply_value="",
            conflict=False,
            here=_target_url(view, target.kind, target.id),
        ),
        more=threads,
    )


@router.get("/on/{target_kind}/{target_id}/", name="review.target")
def target(view: CommentView, target_kind: str, target_id: int) -> HTMLResponse:
    found = review.get_target(**view.of, kind=target_kind, target_id=target_id)
    return view.show(_target_page(view, found))


@router.post("/on/{target_kind}/{target_id}/", name="review.add")
def add(write: StageComment, target_kind: str, target_id: int) -> Response:
    found = review.get_target(**write.of, kind=target_kind, target_id=target_id)

    def save(data: CommentForm) -> str:
        review.add_comment(
            **write.by,
            target_kind=found.kind,
            target_id=found.id,
            body=data.body,
            link_for=links(write.request),
        )
        return _next(write, found)

    page = _target_page(write, found)
    return write.submit(page, save=save, flash="Comment added")


def _thread_target(view: StageRead, comment_id: int) -> review.Target:
    """The target of a comment's thread, described even when the record has since been removed."""
    comment = review.get_comment(**view.of, comment_id=comment_id)
    key = (comment.target_kind, comment.target_id)
    return review.describe_targets(**view.of, keys=[key])[key]


@router.post("/{comment_id}/reply", name="review.reply")
def reply(write: StageComment, comment_id: int) -> Response:
    found = _thread_target(write, comment_id)

    def save(data: ReplyForm) -> str:
        review.add_reply(**write.by, comment_id=comment_id, body=data.body, link_for=links(write.request))
        return _next(write, found)

    def under_its_comment(state: FormState[ReplyForm]) -> tuple[FormState[Any], dict[str, Any]]:
        # Shown by the reply box under its comment; the page's own form (a new comment) stays empty.
        errors = {f"reply-{comment_id}": message for message in state.errors.values()}
        return FormState(values={}, errors=errors), {
            "reply_to": comment_id,
            "reply_value": state.values.get("body") or "",
        }

    # The page's own form is a new comment; the reply is parsed as a reply.
    page: FormPage[Any] = _target_page(write, found)
    return write.submit(
        page,
        parsed=parse_form(ReplyForm, write.form),
        save=save,
        flash="Reply added",
        shown_as=under_its_comment,
    )


def _change_status(write: StageWrite, comment_id: int, status: CommentStatus) -> Response:
    found = _thread_target(write, comment_id)
    try:
        if status == CommentStatus.resolved:
            review.resolve(
                **write.by,
                comment_id=comment_id,
                expected_version=write.version,
                link_for=links(write.request),
            )
        else:
            review.reopen(**write.by, comment_id=comment_id, expected_version=write.version)
    except VersionConflict:
        # A button, not a form: nothing typed to compare, so the page says so and shows the comments now.
        page = _target_page(write, found)
        return write.show(page, status=409, conflict=True)
    done = "Comment resolved" if status == CommentStatus.resolved else "Comment reopened"
    return write.redirect(_next(write, found), flash=done)


@router.post("/{comment_id}/resolve", name="review.resolve")
def resolve(write: StageEdit, comment_id: int) -> Response:
    return _change_status(write, comment_id, CommentStatus.resolved)


@router.post("/{comment_id}/reopen", name="review.reopen")
def reopen(write: StageEdit, comment_id: int) -> Response:
    return _change_status(write, comment_id, CommentStatus.open)
