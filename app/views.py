"""What a route takes and answers with: one object that carries the request, its session and what the
user may see or change there (a strategy, a place, or only themselves), built by one dependency each.

    def edit_action(write: StageEdit, action_id: int) -> Response:
        action = plan.get_action(**write.of, action_id=action_id)
        return write.submit_edit(page, record=action, update=..., then=write.url("plan.show_action", ...))

A view draws a page (``view.page``) or a form page (``view.show``, ``view.show_saved``); a write also
submits its form through the one form flow (``app/form_pages.py``) and gives a service write its
``**write.by`` keywords.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from app.deps import (
    SessionDep,
    StrategyAccess,
    commentable_strategy,
    draft_readable_place,
    draft_readable_strategy,
    editable_place,
    editable_strategy,
    get_admin_user,
    get_current_user,
    get_signed_in_user,
    readable_place,
    readable_strategy,
    tension_editable_place,
    tension_readable_place,
)
from app.errors import FieldError
from app.form_pages import F, FormPage, Versioned, show, show_saved, submit, submit_edit
from app.forms import FormState
from app.models import Place, Strategy, User
from app.services.access import PlaceAccess
from app.services.records.versioning import VersionConflict
from app.templating import render
from app.web import FormDataDep, expected_version, redirect, stage_context, strategy_ids, url


class _Answers:
    """What every page request answers with: a form page shown, or a redirect after a write."""

    request: Request

    def show(self, page: FormPage[F], state: FormState[F] | None = None, **options: Any) -> HTMLResponse:
        """``show`` a form page: empty unless ``state`` gives its values."""
        return show(self.request, page, state if state is not None else FormState(values={}), **options)

    def show_saved(self, page: FormPage[F], record: Any, **values: Any) -> HTMLResponse:
        """``show_saved``: an edit form with the record as saved."""
        return show_saved(self.request, page, record, **values)

    def redirect(self, target: str, *, flash: str | None = None, warning: bool = False) -> Response:
        return redirect(self.request, target, flash=flash, warning=warning)


class _Writes(_Answers):
    """A POST's answers through the one form flow, for the form as sent."""

    session: Session
    form: FormData

    @property
    def version(self) -> int | None:
        """The version the form was loaded from (see ``web.expected_version``)."""
        return expected_version(self.form)

    def submit(self, page: FormPage[F], *, save: Callable[[F], str | Response], **options: Any) -> Response:
        """``submit`` for this request's form."""
        return submit(self.request, page, self.form, save=save, session=self.session, **options)

    def submit_edit(
        self,
        page: FormPage[F],
        *,
        record: Versioned,
        update: Callable[[F, int | None], object],
        then: str,
        flash: str,
        parsed: FormState[F] | None = None,
    ) -> Response:
        """``submit_edit`` for this request's form."""
        return submit_edit(
            self.request,
            page,
            self.form,
            record=record,
            update=update,
            then=then,
            flash=flash,
            session=self.session,
            parsed=parsed,
        )

    def act(
        self,
        step: Callable[[], object],
        *,
        then: str,
        flash: str,
        changed: str,
        changed_to: str | None = None,
        refused: str | None = None,
    ) -> Response:
        """A button that changes a record without a form page of its own (accept a theme, confirm a match):
        take the step and go to ``then`` with ``flash``. When the record changed since the page was loaded,
        nothing is saved and ``changed`` says so, at ``changed_to`` (or ``then``); a rule's refusal is said
        at ``then``, in its own words or as ``refused``."""
        try:
            step()
        except VersionConflict:
            return self.redirect(changed_to or then, flash=changed, warning=True)
        except FieldError as problem:
            return self.redirect(then, flash=refused or problem.message, warning=True)
        return self.redirect(then, flash=flash)


@dataclass(frozen=True)
class StageRead(_Answers):
    """A request for a strategy's stage page: the request, its session and the strategy the user may see.
    Routes take it as ``StageView`` (stage pages, drafts included) or ``PublishedView`` (published editions)
    and keep only what their page shows:

        def heard_page(view: StageView) -> HTMLResponse:
            return view.page("listening/heard.html", hearing=heard.place_hearing(**view.of, ...))
    """

    request: Request
    session: Session
    ctx: StrategyAccess

    @property
    def strategy(self) -> Strategy:
        return self.ctx.strategy

    @property
    def place(self) -> Place:
        return self.ctx.place

    @property
    def of(self) -> dict[str, Any]:
        """The keywords every stage service's read takes: ``session`` and ``strategy``."""
        return {"session": self.session, "strategy": self.ctx.strategy}

    def url(self, name: str, **params: Any) -> str:
        """A page of this strategy."""
        return url(self.request, name, **strategy_ids(self.ctx), **params)

    def page(
        self, template: str, *, partial: str | None = None, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        """The stage page (or only ``partial`` for an htmx request), with what every stage page is given."""
        return render(
            self.request,
            template,
            stage_context(self.ctx, **context),
            partial=partial,
            status_code=status_code,
        )


@dataclass(frozen=True)
class StageWrite(StageRead, _Writes):
    """A POST that changes a strategy's stage: as ``StageRead``, with who sends it and the form as sent.
    Routes take it as ``StageEdit`` and keep only what is particular to their record:

        def edit_action(write: StageEdit, action_id: int) -> Response:
            action = plan.get_action(**write.of, action_id=action_id)
            return write.submit_edit(page, record=action, update=..., then=write.url("plan.show_action", ...))
    """

    user: User
    form: FormData

    @property
    def by(self) -> dict[str, Any]:
        """The keywords every stage service's write takes: ``session``, ``strategy`` and ``actor``."""
        return {**self.of, "actor": self.user}


@dataclass(frozen=True)
class PlaceRead(_Answers):
    """A request for a page of a place that is not a strategy's (the tension log): as ``StageRead``, for the
    place the user may see."""

    request: Request
    session: Session
    access: PlaceAccess

    @property
    def place(self) -> Place:
        return self.access.place

    @property
    def of(self) -> dict[str, Any]:
        """The keywords such a service's read takes: ``session`` and ``place``."""
        return {"session": self.session, "place": self.access.place}

    def url(self, name: str, **params: Any) -> str:
        """A page of this place."""
        return url(self.request, name, place_slug=self.access.place.slug, **params)

    def page(self, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
        shown = {"access": self.access, "place": self.access.place, "nav_active": "places", **context}
        return render(self.request, template, shown, status_code=status_code)


@dataclass(frozen=True)
class PlaceWrite(PlaceRead, _Writes):
    """A POST that changes a place's records outside its strategies: as ``StageWrite``, for the place."""

    user: User
    form: FormData

    @property
    def by(self) -> dict[str, Any]:
        """The keywords such a service's write takes: ``session``, ``place`` and ``actor``."""
        return {**self.of, "actor": self.user}


@dataclass(frozen=True)
class UserRead(_Answers):
    """A request for a page outside any place (administration, your account): the request, its session and
    who is signed in; ``nav`` is the header link its pages sit under."""

    request: Request
    session: Session
    user: User
    nav: str

    def url(self, name: str, **params: Any) -> str:
        return url(self.request, name, **params)

    def page(self, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
        return render(self.request, template, {"nav_active": self.nav, **context}, status_code=status_code)


@dataclass(frozen=True)
class UserWrite(UserRead, _Writes):
    """A POST outside any place: as ``UserRead``, with the form as sent."""

    form: FormData

    @property
    def by(self) -> dict[str, Any]:
        """The keywords such a service's write takes: ``session`` and ``actor``."""
        return {"session": self.session, "actor": self.user}


V = TypeVar("V", bound=_Answers)


def _reading(
    view: Callable[..., V], found_by: Callable[..., Any], field: str, **fixed: Any
) -> Callable[..., V]:
    """The dependency that gives a ``view`` (``StageRead``, ``PlaceRead`` or ``UserRead``) of what
    ``found_by`` finds and checks access to (a strategy, a place or the user), as its ``field``."""

    def dependency(request: Request, session: SessionDep, found: Annotated[Any, Depends(found_by)]) -> V:
        return view(request=request, session=session, **{field: found}, **fixed)

    return dependency


def _writing(
    write: Callable[..., V],
    found_by: Callable[..., Any],
    field: str,
    *,
    user_of: Callable[..., User] = get_current_user,
    **fixed: Any,
) -> Callable[..., V]:
    """The dependency that gives a ``write`` (``StageWrite``, ``PlaceWrite`` or ``UserWrite``) to what
    ``found_by`` finds and checks, with who sends it (the user ``user_of`` gives) and the form as sent."""

    def dependency(
        request: Request,
        session: SessionDep,
        user: Annotated[User, Depends(user_of)],
        found: Annotated[Any, Depends(found_by)],
        form: FormDataDep,
    ) -> V:
        return write(request=request, session=session, form=form, **{"user": user, field: found}, **fixed)

    return dependency


# The tension log's pages, for those given it; its forms, and its POSTs, for those who may change it.
TensionView = Annotated[PlaceRead, Depends(_reading(PlaceRead, tension_readable_place, "access"))]
TensionEditView = Annotated[PlaceRead, Depends(_reading(PlaceRead, tension_editable_place, "access"))]
TensionEdit = Annotated[PlaceWrite, Depends(_writing(PlaceWrite, tension_editable_place, "access"))]
# A place's own page, for its members.
PlaceView = Annotated[PlaceRead, Depends(_reading(PlaceRead, readable_place, "access"))]
# A place's pages of every record kind (history), drafts included; their confirmations, and their POSTs.
PlaceDraftView = Annotated[PlaceRead, Depends(_reading(PlaceRead, draft_readable_place, "access"))]
PlaceEditView = Annotated[PlaceRead, Depends(_reading(PlaceRead, editable_place, "access"))]
PlaceEdit = Annotated[PlaceWrite, Depends(_writing(PlaceWrite, editable_place, "access"))]
# A stage page, drafts included, for someone who may read them.
StageView = Annotated[StageRead, Depends(_reading(StageRead, draft_readable_strategy, "ctx"))]
# A page of what is published (editions), for anyone who may see the strategy.
PublishedView = Annotated[StageRead, Depends(_reading(StageRead, readable_strategy, "ctx"))]
# The review comments of a strategy, for someone who may comment on it.
CommentView = Annotated[StageRead, Depends(_reading(StageRead, commentable_strategy, "ctx"))]
# A form to add or change a stage's record (the GET before a ``StageEdit``), for someone who may change it.
EditView = Annotated[StageRead, Depends(_reading(StageRead, editable_strategy, "ctx"))]
# A POST to a strategy's stage by someone who may change it.
StageEdit = Annotated[StageWrite, Depends(_writing(StageWrite, editable_strategy, "ctx"))]
# A POST of a review comment or reply, by someone who may comment on the strategy.
StageComment = Annotated[StageWrite, Depends(_writing(StageWrite, commentable_strategy, "ctx"))]
# Administration's pages and POSTs, for administrators.
AdminView = Annotated[UserRead, Depends(_reading(UserRead, get_admin_user, "user", nav="admin"))]
AdminEdit = Annotated[
    UserWrite, Depends(_writing(UserWrite, get_admin_user, "user", user_of=get_admin_user, nav="admin"))
]
# Your account's pages and POSTs.
AccountView = Annotated[UserRead, Depends(_reading(UserRead, get_current_user, "user", nav="account"))]
AccountEdit = Annotated[UserWrite, Depends(_writing(UserWrite, get_current_user, "user", nav="account"))]
# The facilitator overview of every place someone is a member of.
OverviewView = Annotated[UserRead, Depends(_reading(UserRead, get_current_user, "user", nav="overview"))]
# Setting up two-factor sign-in: for anyone signed in, also before the set-up a place may require of them.
SetUpView = Annotated[UserRead, Depends(_reading(UserRead, get_signed_in_user, "user", nav="account"))]
SetUpEdit = Annotated[
    UserWrite,
    Depends(_writing(UserWrite, get_signed_in_user, "user", user_of=get_signed_in_user, nav="account")),
]
